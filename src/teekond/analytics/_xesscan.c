/* _xesscan: a streaming XES scanner in C for teekond.analytics.xes.
 *
 * It is a strict, non-validating XML 1.0 tokenizer specialised for XES: UTF-8 only, the
 * five predefined entities and character references, nothing else resolved or loaded
 * (a DOCTYPE makes it step aside: the caller then uses lxml with entities off). It keeps
 * no tree: each event's wanted attributes go straight into column buffers (Arrow layout),
 * activities are dictionary-encoded as they come, timestamps optionally parsed to UTC
 * microseconds. Errors carry the line and (byte) column of the offending construct.
 *
 * Reader(case_key, activity_key, timestamp_key, keys, limits, parse_timestamps, max_*)
 *   .feed(bytes)   any chunking; keeps an unfinished construct for the next chunk
 *   .finish()      checks the document is complete and returns the columns as bytes
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 256
#define MAX_ATTRS 512
#define MAX_PENDING (64u << 20) /* one unfinished construct may not exceed this */

/* byte classes, filled in PyInit */
static unsigned char ascii_ok[256]; /* printable ASCII and \t \n \r */
static unsigned char space_tab[256], name_tab[256];

typedef struct {
    char *p;
    size_t len, cap;
} Buf;

static int buf_reserve(Buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    char *n = realloc(b->p, cap);
    if (!n) {
        PyErr_NoMemory();
        return -1;
    }
    b->p = n;
    b->cap = cap;
    return 0;
}

static inline int buf_add(Buf *b, const void *data, size_t n) {
    if (buf_reserve(b, n) < 0) return -1;
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

static inline int buf_i64(Buf *b, int64_t v) { return buf_add(b, &v, 8); }
static inline int buf_i32(Buf *b, int32_t v) { return buf_add(b, &v, 4); }
static inline int buf_u8(Buf *b, uint8_t v) { return buf_add(b, &v, 1); }

static void buf_free(Buf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* A text column: int64 offsets, data, one validity byte per row (packed at the end). */
typedef struct {
    Buf offsets, data, valid;
    int64_t nulls;
} StrCol;

static int col_init(StrCol *c) {
    memset(c, 0, sizeof(*c));
    return buf_i64(&c->offsets, 0);
}

static int col_add(StrCol *c, const char *s, size_t n) {
    if (buf_add(&c->data, s, n) < 0) return -1;
    if (buf_i64(&c->offsets, (int64_t)c->data.len) < 0) return -1;
    return buf_u8(&c->valid, 1);
}

static int col_null(StrCol *c) {
    c->nulls++;
    if (buf_i64(&c->offsets, (int64_t)c->data.len) < 0) return -1;
    return buf_u8(&c->valid, 0);
}

static void col_free(StrCol *c) {
    buf_free(&c->offsets);
    buf_free(&c->data);
    buf_free(&c->valid);
}

/* Activity dictionary: open addressing on FNV-1a. */
typedef struct {
    uint64_t hash;
    int64_t off;
    int64_t len;
    int32_t code;
} Slot;

typedef struct {
    Slot *slots;
    size_t cap, count;
    StrCol names;
} Dict;

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* code of s, or -1 with *is_new set when absent (then dict_insert). */
static int32_t dict_find(Dict *d, const char *s, size_t n, uint64_t h) {
    if (!d->cap) return -1;
    size_t i = h & (d->cap - 1);
    while (d->slots[i].len >= 0) {
        Slot *sl = &d->slots[i];
        if (sl->hash == h && (size_t)sl->len == n && memcmp(d->names.data.p + sl->off, s, n) == 0)
            return sl->code;
        i = (i + 1) & (d->cap - 1);
    }
    return -1;
}

static int dict_grow(Dict *d) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    Slot *n = malloc(cap * sizeof(Slot));
    if (!n) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < cap; i++) n[i].len = -1;
    for (size_t j = 0; j < d->cap; j++) {
        if (d->slots[j].len < 0) continue;
        size_t i = d->slots[j].hash & (cap - 1);
        while (n[i].len >= 0) i = (i + 1) & (cap - 1);
        n[i] = d->slots[j];
    }
    free(d->slots);
    d->slots = n;
    d->cap = cap;
    return 0;
}

static int32_t dict_insert(Dict *d, const char *s, size_t n, uint64_t h) {
    if ((d->count + 1) * 2 > d->cap && dict_grow(d) < 0) return -1;
    int64_t off = (int64_t)d->names.data.len;
    if (col_add(&d->names, s, n) < 0) return -1;
    size_t i = h & (d->cap - 1);
    while (d->slots[i].len >= 0) i = (i + 1) & (d->cap - 1);
    d->slots[i].hash = h;
    d->slots[i].off = off;
    d->slots[i].len = (int64_t)n;
    d->slots[i].code = (int32_t)d->count;
    return (int32_t)d->count++;
}

enum { K_OTHER, K_LOG, K_TRACE, K_EVENT, K_ATTR };
enum { SLOT_ACTIVITY = 0, SLOT_TIMESTAMP = 1 };

typedef struct {
    PyObject_HEAD
    /* configuration */
    Buf case_key;
    int nslots;
    Buf *keys;        /* per slot */
    int64_t *limits;  /* per slot: max characters */
    int parse_ts;
    int64_t max_name, max_activities;
    /* input */
    Buf pending;
    uint64_t base;      /* absolute offset of the current buffer's first byte */
    uint64_t counted;   /* absolute offset up to which lines are counted */
    uint64_t validated; /* absolute offset up to which UTF-8 is checked */
    int64_t line;
    uint64_t line_start;
    int started, root_seen, root_closed, decl_allowed;
    /* element stack */
    int depth;
    unsigned char kinds[MAX_DEPTH];
    Buf names;            /* full names, concatenated */
    size_t name_end[MAX_DEPTH];
    /* trace / event state */
    int in_trace, trace_depth, in_event, event_depth;
    int64_t trace_line, trace_first_row;
    int has_case;
    Buf case_value;
    unsigned char *found;
    int64_t event_line;
    /* output */
    int64_t rows, traces;
    Buf case_codes;  /* int32 per row */
    StrCol cases;    /* one per trace */
    Buf act_codes;   /* int32 per row */
    Buf act_valid;   /* byte per row */
    int64_t act_nulls;
    Dict acts;
    StrCol *cols;    /* per slot (activity's unused; timestamp's unused when parsing) */
    Buf ts_values, ts_valid;
    int64_t ts_nulls, ts_first_bad;
    Buf lines;       /* int64 per row */
    Buf scratch;
    Buf *values;     /* decoded value per slot, for the current event */
} Reader;

static PyObject *ScanError;   /* args: (code, message, line, column, extra dict) */
static PyObject *StepAside;   /* the document needs the general XML parser */

/* ------------------------------------------------------------------ errors */

static void line_to(Reader *r, const char *buf, const char *at) {
    uint64_t target = r->base + (uint64_t)(at - buf);
    if (target <= r->counted) return;
    const char *p = buf + (r->counted - r->base);
    const char *end = at;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        r->line++;
        r->line_start = r->base + (uint64_t)(nl + 1 - buf);
        p = nl + 1;
    }
    r->counted = target;
}

static int fail_at(Reader *r, const char *buf, const char *at, const char *code, PyObject *extra,
                   const char *fmt, ...) {
    line_to(r, buf, at);
    uint64_t abs = r->base + (uint64_t)(at - buf);
    int64_t column = (int64_t)(abs - r->line_start) + 1;
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    if (!extra) extra = PyDict_New();
    else Py_INCREF(extra);
    if (!extra) return -1;
    PyObject *args = Py_BuildValue("(ssLLO)", code, message, (long long)r->line, (long long)column,
                                   extra);
    Py_DECREF(extra);
    if (args) {
        PyErr_SetObject(ScanError, args);
        Py_DECREF(args);
    }
    return -1;
}

static int64_t utf8_chars(const char *s, size_t n) {
    int64_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int too_long(Reader *r, const char *buf, const char *at, const char *kind, const char *key,
                    size_t keylen, int64_t length, int64_t limit, int64_t line) {
    PyObject *extra = Py_BuildValue("{s:s,s:s#,s:L,s:L,s:L}", "kind", kind, "key", key,
                                    (Py_ssize_t)keylen, "length", (long long)length, "limit",
                                    (long long)limit, "line", (long long)line);
    if (!extra) return -1;
    int rc = fail_at(r, buf, at, "too_long", extra, "too long");
    Py_DECREF(extra);
    return rc;
}

/* ---------------------------------------------------------------- validity */

/* XML 1.0 characters in UTF-8 over [from, to); reports the first bad byte. */
static int validate(Reader *r, const char *buf, const char *from, const char *to) {
    const unsigned char *p = (const unsigned char *)from, *end = (const unsigned char *)to;
    while (p < end) {
        /* the common case: plain printable ASCII and \t \n \r, 8 bytes at a time */
        while (p + 8 <= end) {
            if (ascii_ok[p[0]] & ascii_ok[p[1]] & ascii_ok[p[2]] & ascii_ok[p[3]] &
                ascii_ok[p[4]] & ascii_ok[p[5]] & ascii_ok[p[6]] & ascii_ok[p[7]])
                p += 8;
            else
                break;
        }
        while (p < end && ascii_ok[*p]) p++;
        if (p >= end) break;
        unsigned char c = *p;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return fail_at(r, buf, (const char *)p, "xml", NULL,
                               "character 0x%02X is not allowed in XML", c);
            p++;
            continue;
        }
        int n;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
        else goto bad;
        if (end - p < n) goto bad;
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80) goto bad;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
            goto bad;
        p += n;
        continue;
    bad:
        return fail_at(r, buf, (const char *)p, "encoding", NULL,
                       "the file is not valid UTF-8 (byte 0x%02X)", c);
    }
    return 0;
}

/* ------------------------------------------------------------- timestamps */

static int digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ISO 8601 as XES writes it: YYYY-MM-DD[(T| )HH:MM[:SS[.f{1,6}]]][Z|(+|-)HH[:MM]].
 * 1 and *us on success; 0 for anything else (the engine then parses the text). */
static int parse_ts(const char *s, size_t n, int64_t *us) {
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0;
    size_t i = 0;
    if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return 0;
    if (y < 1 || mo < 1 || mo > 12 || d < 1) return 0;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap)) return 0;
    i = 10;
    if (i < n && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        if (n - i < 5 || !digits(s + i, 2, &h) || s[i + 2] != ':' || !digits(s + i + 3, 2, &mi))
            return 0;
        i += 5;
        if (i < n && s[i] == ':') {
            if (n - i < 3 || !digits(s + i + 1, 2, &sec)) return 0;
            i += 3;
            if (i < n && s[i] == '.') {
                i++;
                int k = 0;
                while (i < n && s[i] >= '0' && s[i] <= '9') {
                    if (k == 6) return 0; /* beyond microseconds: the engine decides */
                    frac = frac * 10 + (s[i] - '0');
                    k++;
                    i++;
                }
                if (k == 0) return 0;
                for (; k < 6; k++) frac *= 10;
            }
        }
        if (h > 23 || mi > 59 || sec > 59) return 0;
    }
    int64_t offset = 0;
    if (i < n) {
        if (s[i] == 'Z' && i + 1 == n) {
            i++;
        } else if (s[i] == '+' || s[i] == '-') {
            int oh, om = 0;
            int sign = s[i] == '-' ? -1 : 1;
            if (n - i == 3 && digits(s + i + 1, 2, &oh)) {
                i += 3;
            } else if (n - i == 6 && digits(s + i + 1, 2, &oh) && s[i + 3] == ':' &&
                       digits(s + i + 4, 2, &om)) {
                i += 6;
            } else {
                return 0;
            }
            if (oh > 15 || om > 59) return 0;
            offset = sign * ((int64_t)oh * 3600 + om * 60);
        } else {
            return 0;
        }
    }
    if (i != n) return 0;
    int64_t days = days_from_civil(y, mo, d);
    *us = ((days * 86400 + h * 3600 + mi * 60 + sec) - offset) * 1000000LL + frac;
    return 1;
}

/* ------------------------------------------------------------------ values */

static unsigned char special[256];

/* Attribute value as the XML parser reports it: references replaced, \t \n \r (and
 * \r\n) normalised to a space. Points *out at raw or at r->scratch. */
static int decode(Reader *r, const char *buf, const char *s, size_t n, const char **out,
                  size_t *outlen) {
    size_t i = 0;
    while (i < n && !special[(unsigned char)s[i]]) i++;
    if (i == n) {
        *out = s;
        *outlen = n;
        return 0;
    }
    Buf *b = &r->scratch;
    b->len = 0;
    if (buf_add(b, s, i) < 0) return -1;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (!special[c]) {
            if (buf_u8(b, c) < 0) return -1;
            i++;
            continue;
        }
        if (c == '<')
            return fail_at(r, buf, s + i, "xml", NULL, "'<' is not allowed in an attribute value");
        if (c == '\r') {
            if (buf_u8(b, ' ') < 0) return -1;
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\t' || c == '\n') {
            if (buf_u8(b, ' ') < 0) return -1;
            i++;
            continue;
        }
        /* '&' */
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi)
            return fail_at(r, buf, s + i, "xml", NULL, "'&' must start a reference such as &amp;");
        const char *name = s + i + 1;
        size_t len = (size_t)(semi - name);
        if (len == 2 && !memcmp(name, "lt", 2)) { if (buf_u8(b, '<') < 0) return -1; }
        else if (len == 2 && !memcmp(name, "gt", 2)) { if (buf_u8(b, '>') < 0) return -1; }
        else if (len == 3 && !memcmp(name, "amp", 3)) { if (buf_u8(b, '&') < 0) return -1; }
        else if (len == 4 && !memcmp(name, "quot", 4)) { if (buf_u8(b, '"') < 0) return -1; }
        else if (len == 4 && !memcmp(name, "apos", 4)) { if (buf_u8(b, '\'') < 0) return -1; }
        else if (len >= 2 && name[0] == '#') {
            uint32_t cp = 0;
            int hex = name[1] == 'x';
            size_t k = hex ? 2 : 1;
            if (k >= len) goto badref;
            for (; k < len; k++) {
                char ch = name[k];
                int v;
                if (ch >= '0' && ch <= '9') v = ch - '0';
                else if (hex && ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
                else if (hex && ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
                else goto badref;
                cp = cp * (hex ? 16 : 10) + (uint32_t)v;
                if (cp > 0x10FFFF) goto badref;
            }
            if ((cp < 0x20 && cp != 9 && cp != 10 && cp != 13) || (cp >= 0xD800 && cp <= 0xDFFF) ||
                cp == 0xFFFE || cp == 0xFFFF)
                goto badref;
            unsigned char u[4];
            int m;
            if (cp < 0x80) { u[0] = (unsigned char)cp; m = 1; }
            else if (cp < 0x800) { u[0] = 0xC0 | (cp >> 6); u[1] = 0x80 | (cp & 0x3F); m = 2; }
            else if (cp < 0x10000) {
                u[0] = 0xE0 | (cp >> 12); u[1] = 0x80 | ((cp >> 6) & 0x3F);
                u[2] = 0x80 | (cp & 0x3F); m = 3;
            } else {
                u[0] = 0xF0 | (cp >> 18); u[1] = 0x80 | ((cp >> 12) & 0x3F);
                u[2] = 0x80 | ((cp >> 6) & 0x3F); u[3] = 0x80 | (cp & 0x3F); m = 4;
            }
            if (buf_add(b, u, (size_t)m) < 0) return -1;
        } else {
            return fail_at(r, buf, s + i, "xml", NULL, "entity '%.*s' is not defined",
                           (int)(len > 40 ? 40 : len), name);
        }
        i = (size_t)(semi - s) + 1;
        continue;
    badref:
        return fail_at(r, buf, s + i, "xml", NULL, "invalid character reference");
    }
    *out = b->p;
    *outlen = b->len;
    return 0;
}

/* ---------------------------------------------------------------- elements */

static int kind_of(const char *name, size_t n) {
    const char *colon = memchr(name, ':', n);
    if (colon) {
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    switch (n) {
    case 2: return !memcmp(name, "id", 2) ? K_ATTR : K_OTHER;
    case 3:
        if (!memcmp(name, "log", 3)) return K_LOG;
        if (!memcmp(name, "int", 3)) return K_ATTR;
        return K_OTHER;
    case 4: return !memcmp(name, "date", 4) ? K_ATTR : K_OTHER;
    case 5:
        if (!memcmp(name, "trace", 5)) return K_TRACE;
        if (!memcmp(name, "event", 5)) return K_EVENT;
        if (!memcmp(name, "float", 5)) return K_ATTR;
        return K_OTHER;
    case 6: return !memcmp(name, "string", 6) ? K_ATTR : K_OTHER;
    case 7: return !memcmp(name, "boolean", 7) ? K_ATTR : K_OTHER;
    default: return K_OTHER;
    }
}

typedef struct {
    const char *name, *value;
    size_t nlen, vlen;
} Attr;

static int event_end(Reader *r, const char *buf, const char *at) {
    /* activity */
    int32_t code = -1;
    if (r->found[SLOT_ACTIVITY]) {
        Buf *v = &r->values[SLOT_ACTIVITY];
        uint64_t h = fnv(v->p, v->len);
        code = dict_find(&r->acts, v->p, v->len, h);
        if (code < 0) {
            int64_t chars = (int64_t)v->len > r->max_name ? utf8_chars(v->p, v->len) : 0;
            if (chars > r->max_name)
                return too_long(r, buf, at, "activity", r->keys[0].p, r->keys[0].len, chars,
                                r->max_name, r->event_line);
            code = dict_insert(&r->acts, v->p, v->len, h);
            if (code < 0) return -1;
            if ((int64_t)r->acts.count > r->max_activities)
                return fail_at(r, buf, at, "too_many_activities", NULL, "too many activities");
        }
    }
    if (buf_i32(&r->act_codes, code < 0 ? 0 : code) < 0) return -1;
    if (buf_u8(&r->act_valid, code >= 0) < 0) return -1;
    r->act_nulls += code < 0;
    /* timestamp and the other keys */
    for (int s = 1; s < r->nslots; s++) {
        Buf *v = &r->values[s];
        if (r->found[s]) {
            int64_t chars = (int64_t)v->len > r->limits[s] ? utf8_chars(v->p, v->len) : 0;
            if (chars > r->limits[s])
                return too_long(r, buf, at, "value", r->keys[s].p, r->keys[s].len, chars,
                                r->limits[s], r->event_line);
        }
        if (s == SLOT_TIMESTAMP && r->parse_ts) {
            int64_t us = 0;
            int ok = r->found[s] && parse_ts(v->p, v->len, &us);
            if (!ok) {
                r->ts_nulls++;
                if (r->found[s] && r->ts_first_bad < 0) r->ts_first_bad = r->rows;
            }
            if (buf_i64(&r->ts_values, us) < 0 || buf_u8(&r->ts_valid, ok) < 0) return -1;
        } else if (r->found[s]) {
            if (col_add(&r->cols[s], v->p, v->len) < 0) return -1;
        } else if (col_null(&r->cols[s]) < 0) {
            return -1;
        }
    }
    if (buf_i64(&r->lines, r->event_line) < 0) return -1;
    r->rows++;
    return 0;
}

static int on_start(Reader *r, const char *buf, const char *lt, int kind, Attr *attrs, int nattrs) {
    int parent = r->depth > 0 ? r->kinds[r->depth - 1] : -1;
    if (kind == K_TRACE) {
        if (r->in_trace)
            return fail_at(r, buf, lt, "xml", NULL, "a trace inside another trace");
        r->in_trace = 1;
        r->trace_depth = r->depth;
        line_to(r, buf, lt);
        r->trace_line = r->line;
        r->trace_first_row = r->rows;
        r->has_case = 0;
        return 0;
    }
    if (kind == K_EVENT) {
        if (parent == K_TRACE && r->in_trace && !r->in_event) {
            r->in_event = 1;
            r->event_depth = r->depth;
            line_to(r, buf, lt);
            r->event_line = r->line;
            memset(r->found, 0, (size_t)r->nslots);
        }
        return 0;
    }
    if (kind != K_ATTR) return 0;
    int for_event = r->in_event && r->depth == r->event_depth + 1;
    int for_trace = r->in_trace && !r->in_event && r->depth == r->trace_depth + 1;
    if (!for_event && !for_trace) return 0;
    const char *key = NULL, *value = "";
    size_t klen = 0, vlen = 0;
    int has_key = 0;
    for (int i = 0; i < nattrs; i++) {
        if (attrs[i].nlen == 3 && !memcmp(attrs[i].name, "key", 3)) {
            key = attrs[i].value;
            klen = attrs[i].vlen;
            has_key = 1;
        } else if (attrs[i].nlen == 5 && !memcmp(attrs[i].name, "value", 5)) {
            value = attrs[i].value;
            vlen = attrs[i].vlen;
        }
    }
    if (!has_key) return 0;
    const char *k;
    size_t kn;
    if (decode(r, buf, key, klen, &k, &kn) < 0) return -1;
    if (for_trace) {
        if (r->has_case || kn != r->case_key.len || memcmp(k, r->case_key.p, kn)) return 0;
        const char *v;
        size_t vn;
        if (decode(r, buf, value, vlen, &v, &vn) < 0) return -1;
        r->case_value.len = 0;
        if (buf_add(&r->case_value, v, vn) < 0) return -1;
        r->has_case = 1;
        int64_t chars = (int64_t)vn > r->max_name ? utf8_chars(v, vn) : 0;
        if (chars > r->max_name) {
            line_to(r, buf, lt);
            return too_long(r, buf, lt, "case", r->case_key.p, r->case_key.len, chars, r->max_name,
                            r->line);
        }
        return 0;
    }
    int hits[64];
    int nh = 0;
    for (int s = 0; s < r->nslots; s++) {
        if (r->found[s] || kn != r->keys[s].len || memcmp(k, r->keys[s].p, kn)) continue;
        r->found[s] = 1;
        r->values[s].len = 0;
        hits[nh++] = s;
    }
    if (!nh) return 0;
    const char *v;
    size_t vn;
    if (decode(r, buf, value, vlen, &v, &vn) < 0) return -1;
    for (int j = 0; j < nh; j++)
        if (buf_add(&r->values[hits[j]], v, vn) < 0) return -1;
    return 0;
}

static int on_end(Reader *r, const char *buf, const char *lt, int kind) {
    if (kind == K_EVENT && r->in_event && r->depth == r->event_depth) {
        r->in_event = 0;
        return event_end(r, buf, lt);
    }
    if (kind == K_TRACE && r->in_trace && r->depth == r->trace_depth) {
        r->in_trace = 0;
        if (!r->has_case || r->case_value.len == 0) {
            PyObject *extra = Py_BuildValue("{s:L}", "line", (long long)r->trace_line);
            if (!extra) return -1;
            int rc = fail_at(r, buf, lt, "no_case", extra, "trace has no case id");
            Py_DECREF(extra);
            return rc;
        }
        if (col_add(&r->cases, r->case_value.p, r->case_value.len) < 0) return -1;
        int32_t code = (int32_t)r->traces++;
        for (int64_t i = r->trace_first_row; i < r->rows; i++)
            if (buf_i32(&r->case_codes, code) < 0) return -1;
    }
    return 0;
}

static inline int is_space(char c) { return space_tab[(unsigned char)c]; }
static inline int name_char(unsigned char c) { return name_tab[c]; }

/* every '&' in [s, e) starts a predefined entity or a character reference */
static int check_refs(Reader *r, const char *buf, const char *s, const char *e) {
    const char *amp = memchr(s, '&', (size_t)(e - s));
    while (amp) {
        const char *semi = memchr(amp, ';', (size_t)(e - amp));
        if (!semi || semi - amp < 2)
            return fail_at(r, buf, amp, "xml", NULL, "'&' must start a reference such as &amp;");
        const char *name = amp + 1;
        size_t len = (size_t)(semi - name);
        int known = (len == 2 && (!memcmp(name, "lt", 2) || !memcmp(name, "gt", 2))) ||
                    (len == 3 && !memcmp(name, "amp", 3)) ||
                    (len == 4 && (!memcmp(name, "quot", 4) || !memcmp(name, "apos", 4))) ||
                    name[0] == '#';
        if (!known)
            return fail_at(r, buf, amp, "xml", NULL, "entity '%.*s' is not defined",
                           (int)(len > 40 ? 40 : len), name);
        amp = memchr(semi, '&', (size_t)(e - semi));
    }
    return 0;
}

static int check_text(Reader *r, const char *buf, const char *s, const char *e) {
    if (r->depth == 0) {
        for (const char *p = s; p < e; p++)
            if (!is_space(*p))
                return fail_at(r, buf, p, "xml", NULL,
                               r->root_closed ? "extra content after the end of the document"
                                              : "text before the first element");
        return 0;
    }
    return check_refs(r, buf, s, e);
}

static int xml_decl(Reader *r, const char *buf, const char *s, const char *e) {
    /* s..e is the inside of <?xml ... ?>; only UTF-8 (or ASCII) is read here */
    const char *p = s;
    while (p + 8 <= e) {
        if (!memcmp(p, "encoding", 8)) {
            const char *q = p + 8;
            while (q < e && (is_space(*q) || *q == '=')) q++;
            if (q >= e || (*q != '"' && *q != '\'')) break;
            char quote = *q++;
            const char *v = q;
            while (q < e && *q != quote) q++;
            size_t n = (size_t)(q - v);
            char enc[16] = {0};
            if (n >= sizeof(enc)) return -2;
            for (size_t i = 0; i < n; i++)
                enc[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
            if (!strcmp(enc, "utf-8") || !strcmp(enc, "utf8") || !strcmp(enc, "us-ascii") ||
                !strcmp(enc, "ascii"))
                return 0;
            return -2; /* another encoding: the general parser converts it */
        }
        p++;
    }
    (void)r;
    (void)buf;
    return 0;
}

/* Scan [buf, end); returns the number of bytes consumed or -1. */
static Py_ssize_t scan(Reader *r, const char *buf, const char *end, int final) {
    const char *p = buf;
    if (!r->started) {
        if (end - p < 3 && !final) return 0;
        if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        if (end - p >= 2 && (((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF) ||
                             ((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE))) {
            PyErr_SetString(StepAside, "UTF-16");
            return -1;
        }
        r->started = 1;
        r->decl_allowed = 1;
    }
    Attr attrs[MAX_ATTRS];
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            if (!final) return p - buf;
            if (check_text(r, buf, p, end) < 0) return -1;
            return end - buf;
        }
        if (lt > p) {
            if (check_text(r, buf, p, lt) < 0) return -1;
            r->decl_allowed = 0;
        }
        p = lt;
        if (end - p < 2) goto incomplete;
        char c = p[1];
        if (c == '?') {
            const char *q = p + 2;
            const char *close = NULL;
            while (q + 1 < end) {
                q = memchr(q, '?', (size_t)(end - q));
                if (!q || q + 1 >= end) break;
                if (q[1] == '>') {
                    close = q;
                    break;
                }
                q++;
            }
            if (!close) goto incomplete;
            if (close - p >= 5 && !memcmp(p + 2, "xml", 3) && is_space(p[5])) {
                if (!r->decl_allowed)
                    return fail_at(r, buf, p, "xml", NULL,
                                   "the XML declaration is allowed only at the start");
                int rc = xml_decl(r, buf, p + 5, close);
                if (rc == -2) {
                    PyErr_SetString(StepAside, "encoding");
                    return -1;
                }
            }
            r->decl_allowed = 0;
            p = close + 2;
            continue;
        }
        r->decl_allowed = 0;
        if (c == '!') {
            if (end - p < 4) goto incomplete;
            if (!memcmp(p, "<!--", 4)) {
                const char *q = p + 4;
                const char *close = NULL;
                while (q + 2 < end) {
                    q = memchr(q, '-', (size_t)(end - q));
                    if (!q || q + 2 >= end) break;
                    if (q[1] == '-') {
                        if (q[2] != '>')
                            return fail_at(r, buf, q, "xml", NULL, "'--' inside a comment");
                        close = q;
                        break;
                    }
                    q++;
                }
                if (!close) goto incomplete;
                p = close + 3;
                continue;
            }
            if (end - p < 9) goto incomplete;
            if (!memcmp(p, "<![CDATA[", 9)) {
                if (r->depth == 0)
                    return fail_at(r, buf, p, "xml", NULL, "CDATA outside the document element");
                const char *q = p + 9;
                const char *close = NULL;
                while (q + 2 < end) {
                    q = memchr(q, ']', (size_t)(end - q));
                    if (!q || q + 2 >= end) break;
                    if (q[1] == ']' && q[2] == '>') {
                        close = q;
                        break;
                    }
                    q++;
                }
                if (!close) goto incomplete;
                p = close + 3;
                continue;
            }
            if (!memcmp(p, "<!DOCTYPE", 9)) {
                PyErr_SetString(StepAside, "DOCTYPE");
                return -1;
            }
            return fail_at(r, buf, p, "xml", NULL, "unexpected '<!'");
        }
        if (c == '/') {
            const char *gt = memchr(p + 2, '>', (size_t)(end - p - 2));
            if (!gt) goto incomplete;
            const char *n = p + 2, *ne = n;
            while (ne < gt && name_char((unsigned char)*ne)) ne++;
            for (const char *q = ne; q < gt; q++)
                if (!is_space(*q)) return fail_at(r, buf, q, "xml", NULL, "malformed end tag");
            if (r->depth == 0)
                return fail_at(r, buf, p, "xml", NULL, "end tag </%.*s> without a start tag",
                               (int)(ne - n > 40 ? 40 : ne - n), n);
            size_t start = r->depth > 1 ? r->name_end[r->depth - 2] : 0;
            size_t len = r->name_end[r->depth - 1] - start;
            if ((size_t)(ne - n) != len || memcmp(n, r->names.p + start, len))
                return fail_at(r, buf, p, "xml", NULL,
                               "end tag </%.*s> does not match the start tag <%.*s>",
                               (int)(ne - n > 40 ? 40 : ne - n), n, (int)(len > 40 ? 40 : len),
                               r->names.p + start);
            r->depth--;
            r->names.len = start;
            if (on_end(r, buf, p, r->kinds[r->depth]) < 0) return -1;
            if (r->depth == 0) r->root_closed = 1;
            p = gt + 1;
            continue;
        }
        /* start tag */
        const char *n = p + 1, *q = n;
        while (q < end && name_char((unsigned char)*q)) q++;
        if (q >= end) goto incomplete;
        if (q == n) return fail_at(r, buf, p, "xml", NULL, "'<' not followed by a name");
        size_t nlen = (size_t)(q - n);
        int nattrs = 0;
        int empty = 0;
        for (;;) {
            const char *ws = q;
            while (q < end && is_space(*q)) q++;
            if (q >= end) goto incomplete;
            if (*q == '>') { q++; break; }
            if (*q == '/') {
                if (q + 1 >= end) goto incomplete;
                if (q[1] != '>') return fail_at(r, buf, q, "xml", NULL, "expected '>' after '/'");
                empty = 1;
                q += 2;
                break;
            }
            if (q == ws)
                return fail_at(r, buf, q, "xml", NULL, "attributes must be separated by spaces");
            const char *an = q;
            while (q < end && name_char((unsigned char)*q)) q++;
            if (q >= end) goto incomplete;
            if (q == an) return fail_at(r, buf, q, "xml", NULL, "malformed attribute");
            size_t alen = (size_t)(q - an);
            while (q < end && is_space(*q)) q++;
            if (q >= end) goto incomplete;
            if (*q != '=') return fail_at(r, buf, q, "xml", NULL, "expected '=' after an attribute name");
            q++;
            while (q < end && is_space(*q)) q++;
            if (q >= end) goto incomplete;
            if (*q != '"' && *q != '\'')
                return fail_at(r, buf, q, "xml", NULL, "attribute value must be quoted");
            char quote = *q++;
            const char *v = q;
            const char *ve = memchr(q, quote, (size_t)(end - q));
            if (!ve) goto incomplete;
            const char *bad = memchr(v, '<', (size_t)(ve - v));
            if (bad) return fail_at(r, buf, bad, "xml", NULL, "'<' is not allowed in an attribute value");
            if (memchr(v, '&', (size_t)(ve - v)) && check_refs(r, buf, v, ve) < 0) return -1;
            for (int i = 0; i < nattrs; i++)
                if (attrs[i].nlen == alen && !memcmp(attrs[i].name, an, alen))
                    return fail_at(r, buf, an, "xml", NULL, "attribute '%.*s' is given twice",
                                   (int)(alen > 40 ? 40 : alen), an);
            if (nattrs == MAX_ATTRS)
                return fail_at(r, buf, an, "xml", NULL, "more than %d attributes in one tag",
                               MAX_ATTRS);
            attrs[nattrs].name = an;
            attrs[nattrs].nlen = alen;
            attrs[nattrs].value = v;
            attrs[nattrs].vlen = (size_t)(ve - v);
            nattrs++;
            q = ve + 1;
            if (q < end && !is_space(*q) && *q != '>' && *q != '/')
                return fail_at(r, buf, q, "xml", NULL, "attributes must be separated by spaces");
        }
        if (r->depth == 0 && r->root_closed)
            return fail_at(r, buf, p, "xml", NULL, "extra content after the end of the document");
        if (r->depth >= MAX_DEPTH)
            return fail_at(r, buf, p, "xml", NULL, "elements nested more than %d deep", MAX_DEPTH);
        int kind = kind_of(n, nlen);
        if (on_start(r, buf, p, kind, attrs, nattrs) < 0) return -1;
        r->root_seen = 1;
        if (empty) {
            if (on_end(r, buf, p, kind) < 0) return -1;
            if (r->depth == 0) r->root_closed = 1;
        } else {
            if (buf_add(&r->names, n, nlen) < 0) return -1;
            r->kinds[r->depth] = (unsigned char)kind;
            r->name_end[r->depth] = r->names.len;
            r->depth++;
        }
        p = q;
        continue;
    incomplete:
        if (final)
            return fail_at(r, buf, p, "xml", NULL, "the document ends inside a tag or comment");
        return p - buf;
    }
    return p - buf;
}

static int run(Reader *r, const char *data, size_t n, int final) {
    const char *buf;
    size_t len;
    if (r->pending.len) {
        if (buf_add(&r->pending, data, n) < 0) return -1;
        buf = r->pending.p;
        len = r->pending.len;
    } else {
        buf = data;
        len = n;
    }
    if (!r->started) {
        /* a declared encoding other than UTF-8 goes to the general parser before any
         * byte is judged as UTF-8 */
        const char *p = buf, *end = buf + len;
        if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        if (end - p >= 6 && !memcmp(p, "<?xml", 5) && is_space(p[5])) {
            size_t window = (size_t)(end - p) < 1024 ? (size_t)(end - p) : 1024;
            const char *close = NULL;
            for (const char *q = p; q + 1 < p + window; q++)
                if (q[0] == '?' && q[1] == '>') {
                    close = q;
                    break;
                }
            if (close && xml_decl(r, buf, p + 5, close) == -2) {
                PyErr_SetString(StepAside, "encoding");
                return -1;
            }
        }
    }
    /* UTF-8 first (up to the last ASCII byte, so no character is split), so that an
     * error there is reported before the scan has counted lines past it */
    const char *safe = buf + len;
    if (!final)
        while (safe > buf && (unsigned char)safe[-1] >= 0x80) safe--;
    const char *from = buf + (r->validated - r->base);
    if (safe > from) {
        if (validate(r, buf, from, safe) < 0) return -1;
        r->validated = r->base + (uint64_t)(safe - buf);
    }
    Py_ssize_t used = scan(r, buf, buf + len, final);
    if (used < 0) return -1;
    line_to(r, buf, buf + used);
    r->base += (uint64_t)used;
    size_t rest = len - (size_t)used;
    if (rest > MAX_PENDING)
        return fail_at(r, buf, buf + used, "xml", NULL,
                       "one tag, comment or text is longer than %u bytes", MAX_PENDING);
    if (buf == r->pending.p) {
        memmove(r->pending.p, r->pending.p + used, rest);
        r->pending.len = rest;
    } else {
        r->pending.len = 0;
        if (buf_add(&r->pending, data + used, rest) < 0) return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- Python */

static void Reader_dealloc(Reader *r) {
    buf_free(&r->case_key);
    for (int s = 0; s < r->nslots; s++) {
        if (r->keys) buf_free(&r->keys[s]);
        if (r->values) buf_free(&r->values[s]);
        if (r->cols) col_free(&r->cols[s]);
    }
    free(r->keys);
    free(r->values);
    free(r->cols);
    free(r->limits);
    free(r->found);
    buf_free(&r->pending);
    buf_free(&r->names);
    buf_free(&r->case_value);
    buf_free(&r->case_codes);
    col_free(&r->cases);
    buf_free(&r->act_codes);
    buf_free(&r->act_valid);
    free(r->acts.slots);
    col_free(&r->acts.names);
    buf_free(&r->ts_values);
    buf_free(&r->ts_valid);
    buf_free(&r->lines);
    buf_free(&r->scratch);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

static int Reader_init(Reader *r, PyObject *args, PyObject *kw) {
    static char *names[] = {"case_key", "keys", "limits", "parse_timestamps", "max_name",
                            "max_activities", NULL};
    const char *case_key;
    Py_ssize_t case_len;
    PyObject *keys, *limits;
    int parse;
    long long max_name, max_act;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s#OOpLL", names, &case_key, &case_len, &keys,
                                     &limits, &parse, &max_name, &max_act))
        return -1;
    if (!PyList_Check(keys) || !PyList_Check(limits) || PyList_GET_SIZE(keys) < 2 ||
        PyList_GET_SIZE(keys) != PyList_GET_SIZE(limits) || PyList_GET_SIZE(keys) > 64) {
        PyErr_SetString(PyExc_ValueError, "keys: activity, timestamp, others; limits alike");
        return -1;
    }
    int n = (int)PyList_GET_SIZE(keys);
    r->nslots = n;
    r->keys = calloc((size_t)n, sizeof(Buf));
    r->values = calloc((size_t)n, sizeof(Buf));
    r->cols = calloc((size_t)n, sizeof(StrCol));
    r->limits = calloc((size_t)n, sizeof(int64_t));
    r->found = calloc((size_t)n, 1);
    if (!r->keys || !r->values || !r->cols || !r->limits || !r->found) {
        PyErr_NoMemory();
        return -1;
    }
    if (buf_add(&r->case_key, case_key, (size_t)case_len) < 0) return -1;
    for (int s = 0; s < n; s++) {
        Py_ssize_t klen;
        const char *k = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(keys, s), &klen);
        if (!k) return -1;
        if (buf_add(&r->keys[s], k, (size_t)klen) < 0) return -1;
        if (buf_u8(&r->keys[s], 0) < 0) return -1;
        r->keys[s].len--; /* NUL-terminated for messages */
        r->limits[s] = PyLong_AsLongLong(PyList_GET_ITEM(limits, s));
        if (r->limits[s] == -1 && PyErr_Occurred()) return -1;
        if (col_init(&r->cols[s]) < 0) return -1;
    }
    if (col_init(&r->cases) < 0 || col_init(&r->acts.names) < 0) return -1;
    r->parse_ts = parse;
    r->max_name = max_name;
    r->max_activities = max_act;
    r->line = 1;
    r->ts_first_bad = -1;
    return 0;
}

static PyObject *Reader_feed(Reader *r, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    int rc = run(r, view.buf, (size_t)view.len, 0);
    PyBuffer_Release(&view);
    if (rc < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *bytes_of(Buf *b) { return PyBytes_FromStringAndSize(b->p ? b->p : "", (Py_ssize_t)b->len); }

static PyObject *bitmap(Buf *valid) {
    size_t n = valid->len;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)((n + 7) / 8));
    if (!out) return NULL;
    unsigned char *bits = (unsigned char *)PyBytes_AS_STRING(out);
    memset(bits, 0, (n + 7) / 8);
    for (size_t i = 0; i < n; i++)
        if (valid->p[i]) bits[i >> 3] |= (unsigned char)(1u << (i & 7));
    return out;
}

static PyObject *strcol(StrCol *c) {
    PyObject *bits = bitmap(&c->valid);
    if (!bits) return NULL;
    return Py_BuildValue("(NNNL)", bits, bytes_of(&c->offsets), bytes_of(&c->data),
                         (long long)c->nulls);
}

static PyObject *Reader_finish(Reader *r, PyObject *unused) {
    (void)unused;
    if (run(r, "", 0, 1) < 0) return NULL;
    if (!r->root_seen) {
        const char *z = "";
        fail_at(r, z, z, "xml", NULL, "the document has no root element");
        return NULL;
    }
    if (r->depth > 0) {
        const char *z = "";
        size_t start = r->depth > 1 ? r->name_end[r->depth - 2] : 0;
        fail_at(r, z, z, "xml", NULL, "the document ends before </%.*s>",
                (int)(r->name_end[r->depth - 1] - start > 40 ? 40 : r->name_end[r->depth - 1] - start),
                r->names.p + start);
        return NULL;
    }
    PyObject *others = PyList_New(0);
    if (!others) return NULL;
    for (int s = 1; s < r->nslots; s++) {
        PyObject *item;
        if (s == SLOT_TIMESTAMP && r->parse_ts) {
            PyObject *bits = bitmap(&r->ts_valid);
            if (!bits) { Py_DECREF(others); return NULL; }
            item = Py_BuildValue("(NNL)", bits, bytes_of(&r->ts_values), (long long)r->ts_nulls);
        } else {
            item = strcol(&r->cols[s]);
        }
        if (!item || PyList_Append(others, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(others);
            return NULL;
        }
        Py_DECREF(item);
    }
    PyObject *act_bits = bitmap(&r->act_valid);
    if (!act_bits) { Py_DECREF(others); return NULL; }
    return Py_BuildValue("{s:L,s:N,s:N,s:(NL),s:N,s:N,s:N,s:L}", "rows", (long long)r->rows,
                         "case_codes", bytes_of(&r->case_codes), "cases", strcol(&r->cases),
                         "activity", Py_BuildValue("(NN)", act_bits, bytes_of(&r->act_codes)),
                         (long long)r->act_nulls, "activities", strcol(&r->acts.names), "lines",
                         bytes_of(&r->lines), "others", others, "ts_first_bad",
                         (long long)r->ts_first_bad);
}

/* parse_timestamps(offsets, data, count): text values (int64 Arrow offsets, no NULLs)
 * to UTC microseconds as the XES scanner parses them; (values bytes, index of the first
 * value it does not take or -1). */
static PyObject *parse_timestamps(PyObject *self, PyObject *args) {
    Py_buffer offsets, data;
    Py_ssize_t count;
    if (!PyArg_ParseTuple(args, "y*y*n", &offsets, &data, &count)) return NULL;
    PyObject *out = NULL;
    if (count < 0 || (size_t)offsets.len < (size_t)(count + 1) * 8) {
        PyErr_SetString(PyExc_ValueError, "offsets too short");
        goto done;
    }
    out = PyBytes_FromStringAndSize(NULL, count * 8);
    if (!out) goto done;
    const int64_t *off = offsets.buf;
    int64_t *values = (int64_t *)PyBytes_AS_STRING(out);
    Py_ssize_t bad = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t a = off[i], b = off[i + 1];
        if (a < 0 || b < a || b > data.len || !parse_ts((const char *)data.buf + a, (size_t)(b - a), &values[i])) {
            bad = i;
            break;
        }
    }
    PyObject *result = Py_BuildValue("(Nn)", out, bad);
    out = result;
done:
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    return out;
}

static PyMethodDef module_methods[] = {
    {"parse_timestamps", parse_timestamps, METH_VARARGS, "ISO 8601 texts to UTC microseconds"},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef Reader_methods[] = {
    {"feed", (PyCFunction)Reader_feed, METH_O, "scan the next chunk of the file"},
    {"finish", (PyCFunction)Reader_finish, METH_NOARGS, "end of file: check and return columns"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ReaderType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "teekond.analytics._xesscan.Reader",
    .tp_basicsize = sizeof(Reader),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Reader_init,
    .tp_dealloc = (destructor)Reader_dealloc,
    .tp_methods = Reader_methods,
    .tp_doc = "streaming XES scanner",
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_xesscan", "streaming XES scanner",
                                    -1, module_methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__xesscan(void) {
    special['&'] = special['<'] = special['\t'] = special['\n'] = special['\r'] = 1;
    for (int c = 0; c < 256; c++) {
        ascii_ok[c] = (c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r';
        space_tab[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        name_tab[c] = !(c <= ' ' || c == '/' || c == '>' || c == '=' || c == '"' || c == '\'' ||
                        c == '<' || c == '&' || c == '?' || c == '!');
    }
    if (PyType_Ready(&ReaderType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    ScanError = PyErr_NewException("teekond.analytics._xesscan.ScanError", PyExc_ValueError, NULL);
    StepAside = PyErr_NewException("teekond.analytics._xesscan.StepAside", PyExc_Exception, NULL);
    Py_INCREF(&ReaderType);
    if (PyModule_AddObject(m, "Reader", (PyObject *)&ReaderType) < 0 ||
        PyModule_AddObject(m, "ScanError", ScanError) < 0 ||
        PyModule_AddObject(m, "StepAside", StepAside) < 0)
        return NULL;
    return m;
}
