"""Import jobs: survey exports and CRM lists from CSV/XLSX into a workspace.

The flow: ``create_import`` keeps the upload and suggests a column mapping;
``import_preview`` shows the first rows as they will be read; ``start_import`` confirms the
mapping and queues ``run_import`` (a background task), which checks EVERY row
(``importing.validate``) and writes only when the whole file is clean — one bad row and
nothing is stored, the report lists each bad row and column. Reading and checking are in
``importing`` (pure Python); this module is the Django side.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import get_visible, require_role
from teekond.accounts.models import Role, Workspace
from teekond.core import emotions, jobs
from teekond.core.errors import Conflict, Invalid
from teekond.journeys.models import Journey
from teekond.research import importing
from teekond.research.alerts import check_drops
from teekond.research.models import (
    Customer,
    ImportJob,
    ImportKind,
    ImportStatus,
    Response,
    Source,
)
from teekond.research.services import (
    BATCH,
    SCORE_FIELDS,
    _check_version,
    _customer_ids,
    _tag,
    log,
)


def get_import(user, job_id: int, needed: str = Role.VIEWER) -> ImportJob:
    rows = ImportJob.objects.select_related("workspace", "journey")
    job = get_visible(rows, user, job_id, _("Import not found."), needed)
    if LIFECYCLE.check(job):  # its task died: failed now, not "running" for ever
        job.refresh_from_db()
    return job


def _steps_lookup(journey: Journey) -> dict[str, int]:
    out: dict[str, int] = {}
    for step in journey.steps.all():
        out[str(step.pk)] = step.pk
        out.setdefault(step.name.strip().lower(), step.pk)
    return out


def _open(job: ImportJob) -> importing.Table:
    return importing.open_table(Path(job.file.path), job.original_name)


def _problem(exc: importing.ImportProblem) -> Invalid:
    """The reader's problem as a domain error: the reason in the reader's language, each bad
    line of a file refused for its shape, and the encodings to choose from with a preview."""
    from teekond.research.reasons import translate

    message = _("The file cannot be read: %(reason)s") % {"reason": translate(exc.message)}
    details = [
        {"row": p["row"], "column": p["column"], "reason": translate(p["reason"])}
        for p in exc.problems
    ] or [{"row": exc.line, "column": "", "reason": translate(exc.reason)}]
    if exc.candidates:
        names = ", ".join(f"{c.label} (encoding={c.encoding})" for c in exc.candidates)
        message += " " + _("Upload it again with the encoding it was saved in: %(names)s.") % {
            "names": names
        }
        details[0]["candidates"] = [c.as_dict() for c in exc.candidates]
    return Invalid(message, details=details)


def _read_upload(job: ImportJob, encoding: str | None) -> importing.Table:
    """Open the stored upload and check its whole shape; a CSV in a Windows code page is
    stored as UTF-8 from here on."""
    path = Path(job.file.path)
    table = importing.open_table(path, job.original_name, encoding)
    if table.format == "csv":
        importing.check_structure(table)
        if table.encoding not in ("utf-8", "utf-8-sig"):
            importing.transcode_to_utf8(path, table.encoding)
            job.report = {"source_encoding": table.encoding}
            table = importing.open_table(path, job.original_name, "utf-8")
    return table


def create_import(
    user,
    workspace: Workspace,
    uploaded,
    kind: str,
    journey_id: int | None = None,
    encoding: str | None = None,
) -> ImportJob:
    """Keep the upload and suggest a column mapping; nothing is imported until the mapping is
    confirmed (``start_import``). A file that cannot be read at all (encoding unclear, rows
    that do not fit the header, a hostile XLSX) is refused here and nothing is kept.
    ``encoding`` is the one a person chose after detection could not tell."""
    require_role(user, workspace, Role.EDITOR)
    if kind not in ImportKind.values:
        raise Invalid(_("Unknown import kind."))
    journey = None
    if kind == ImportKind.SURVEY:
        journey = Journey.objects.filter(workspace=workspace, pk=journey_id).first()
        if journey is None:
            raise Invalid(_("Choose the journey map the answers belong to."))
    name = uploaded.name or ""
    if not name.lower().endswith((".csv", ".xlsx", ".txt", ".tsv")):
        raise Invalid(_("Unsupported file type: upload a .csv or .xlsx file."))
    if uploaded.size == 0:
        raise Invalid(_("The file is empty."))
    if uploaded.size > importing.MAX_FILE_BYTES:
        raise Invalid(_("The file is larger than 200 MB."))
    job = ImportJob(
        workspace=workspace, kind=kind, journey=journey, original_name=name[:255], created_by=user
    )
    job.file.save(name, uploaded, save=False)
    try:
        table = _read_upload(job, encoding or None)
        job.mapping = importing.suggest_mapping(table.headers, kind)
        job.save()
    except BaseException as exc:  # whatever went wrong, no file is left without its job
        job.file.delete(save=False)
        if isinstance(exc, importing.ImportProblem):
            raise _problem(exc) from None
        raise
    return job


def import_preview(job: ImportJob, mapping: dict | None = None) -> dict:
    """Headers, suggested fields and the first rows, their problems in the reader's language."""
    from teekond.research.reasons import translate

    table = _open(job)
    mapping = mapping if mapping is not None else job.mapping
    return {
        "headers": table.headers,
        "fields": [
            {"name": f.name, "required": f.required, "column": mapping.get(f.name, "")}
            for f in importing.fields_for(job.kind)
        ],
        "rows": [
            {
                **row,
                "errors": [f"{p['column']}: {translate(p['reason'])}" for p in row["problems"]],
            }
            for row in importing.preview(table, mapping, job.kind)
        ],
        "encoding": (job.report or {}).get("source_encoding") or table.encoding,
    }


def start_import(user, job: ImportJob, mapping: dict, version: int | None) -> ImportJob:
    require_role(user, job.workspace, Role.EDITOR)
    fields = {f.name for f in importing.fields_for(job.kind)}
    mapping = {k: v for k, v in (mapping or {}).items() if k in fields and v}
    with transaction.atomic():
        fresh = ImportJob.objects.select_for_update().get(pk=job.pk)
        _check_version(fresh, version)
        if fresh.status != ImportStatus.MAPPING:
            raise Conflict(_("This import has already been started."))
        fresh.mapping = mapping
        fresh.status = ImportStatus.PENDING
        fresh.version += 1
        fresh.save()
        from teekond.research.tasks import run_import_task

        transaction.on_commit(lambda: run_import_task.enqueue(fresh.pk))
    return fresh


def _count_rows(job: ImportJob, table: importing.Table) -> int:
    if table.format == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(job.file.path, read_only=True)
        try:
            return max(0, (wb.worksheets[0].max_row or 1) - 1)
        finally:
            wb.close()
    with open(job.file.path, "rb") as fh:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1)


class _Progress:
    """Rows done of a known total, stored through ``jobs.Progress``."""

    def __init__(self, job_id: int, total: int):
        self.total, self.store = total, jobs.Progress(ImportJob, job_id)

    def __call__(self, done: int, force: bool = False) -> None:
        self.store(min(done, self.total), self.total, force=force)


def _row_check(job: ImportJob):
    if job.kind != ImportKind.SURVEY:
        return None
    steps = _steps_lookup(job.journey)

    def check(row: dict) -> list[tuple[str, str]]:
        problems = []
        if row.get("step") and row["step"].strip().lower() not in steps:
            problems.append(("step", "no such step on this journey map"))
        if row.get("emotion") and row["emotion"] not in emotions.BY_KEY:
            problems.append(("emotion", "unknown emotion key"))
        has_score = any(row.get(f) is not None for f in SCORE_FIELDS)
        if not has_score and not row.get("comment") and not row.get("complaint"):
            problems.append(("", "the row has no score and no comment"))
        return problems

    return check


def _fail(job_id: int, report: dict) -> ImportJob:
    """End a job that has not ended as failed: undo its rows, remove its upload."""
    job = ImportJob.objects.filter(pk=job_id).first()
    ended = ImportJob.end_failed(job_id, report=report, file="")
    if ended and job is not None:
        Response.objects.filter(import_job_id=job_id).delete()
        if job.file:
            job.file.delete(save=False)
    return ImportJob.objects.get(pk=job_id)


ACTIVE = ImportJob.ACTIVE
LIFECYCLE = jobs.Lifecycle(
    model=ImportJob,
    task_path="teekond.research.tasks.run_import_task",
    fail=lambda job_id, reason: _fail(job_id, {"ok": False, "file_error": reason, "problems": []}),
)


def run_import(job_id: int) -> ImportJob:
    """The task's body: ends done, or failed with a reason (``core.jobs``)."""
    LIFECYCLE.run(job_id, _run_import)
    return ImportJob.objects.get(pk=job_id)


def _run_import(job_id: int) -> ImportJob:
    """Check every row, then write; a file with any bad row stores nothing."""
    job = ImportJob.objects.select_related("journey", "workspace").get(pk=job_id)
    if not ImportJob.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=ImportStatus.RUNNING
    ):
        return job  # ended meanwhile (a page found its task dead)
    try:
        table = _open(job)
    except importing.ImportProblem as exc:
        return _fail(job_id, {"ok": False, "file_error": exc.message, "problems": []})
    rows = _count_rows(job, table)
    progress = _Progress(job_id, 2 * max(rows, 1))
    report = importing.validate(table, job.mapping, job.kind, _row_check(job), progress)
    if not report.ok:
        return _fail(job_id, report.as_dict())
    progress(report.rows, force=True)
    try:
        if job.kind == ImportKind.SURVEY:
            written = _write_survey(job, table, lambda n: progress(report.rows + n))
        else:
            written = _write_crm(job, table, lambda n: progress(report.rows + n))
    except Exception as exc:  # nothing half-imported: undo what this job wrote
        log.exception("import %s failed while writing", job_id)
        Response.objects.filter(import_job_id=job_id).delete()
        return _fail(job_id, {**report.as_dict(), "ok": False, "file_error": str(exc)})
    result = {**report.as_dict(), **written}
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.DONE,
        report=result,
        finished_at=timezone.now(),
        progress_done=2 * max(rows, 1),
        progress_total=2 * max(rows, 1),
    )
    if job.kind == ImportKind.SURVEY:
        check_drops(job.journey)
    return ImportJob.objects.get(pk=job_id)


def _aware(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _write_survey(job: ImportJob, table, progress) -> dict:
    steps = _steps_lookup(job.journey)
    created = skipped = 0
    batch: list[tuple[int, dict]] = []

    def flush():
        nonlocal created, skipped
        keys = {}
        for line, row in batch:
            keys[line] = f"import:{row['id']}" if row.get("id") else f"import:{job.token}:{line}"
        existing = set(
            Response.objects.filter(
                workspace_id=job.workspace_id, idempotency_key__in=keys.values()
            ).values_list("idempotency_key", flat=True)
        )
        customers = _customer_ids(
            job.workspace_id, {r["customer"] for _, r in batch if r.get("customer")}
        )
        objs = []
        for line, row in batch:
            key = keys[line]
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            tags, lang = _tag(row.get("comment") or "", row.get("language") or "")
            objs.append(
                Response(
                    workspace_id=job.workspace_id,
                    journey_id=job.journey_id,
                    step_id=steps[row["step"].strip().lower()],
                    customer_id=customers.get(row["customer"]) if row.get("customer") else None,
                    respondent=(row.get("customer") or "")[:100],
                    nps=row.get("nps"),
                    csat=row.get("csat"),
                    ces=row.get("ces"),
                    effect=row.get("effect"),
                    ease=row.get("ease"),
                    emotion_rating=row.get("emotion_rating"),
                    emotion=row.get("emotion") or "",
                    comment=row.get("comment") or "",
                    complaint=bool(row.get("complaint")),
                    emotions=tags,
                    language=lang,
                    answered_at=_aware(row["answered_at"]),
                    source=Source.IMPORT,
                    idempotency_key=key,
                    import_job_id=job.pk,
                )
            )
        with transaction.atomic():
            Response.objects.bulk_create(objs, batch_size=500)
        created += len(objs)
        batch.clear()
        progress(created + skipped)

    for line, row in importing.clean_rows(table, job.mapping, job.kind):
        batch.append((line, row))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return {"created": created, "skipped": skipped}


def _write_crm(job: ImportJob, table, progress) -> dict:
    personas = {p.name.strip().lower(): p.pk for p in job.workspace.personas.all()}
    rows = {}
    for _line, row in importing.clean_rows(table, job.mapping, job.kind):
        rows[row["external_id"]] = row  # a later row of the same customer wins
    created = updated = 0
    with transaction.atomic():
        existing = {
            c.external_id: c
            for c in Customer.objects.select_for_update().filter(
                workspace_id=job.workspace_id, external_id__in=list(rows)
            )
        }
        new, changed = [], []
        for ext, row in rows.items():
            values = {
                "name": row["name"],
                "segment": row.get("segment") or "",
                "revenue": row.get("revenue"),
                "potential_revenue": row.get("potential_revenue"),
                "persona_id": personas.get((row.get("persona") or "").strip().lower()),
                "churned_on": row["churned_on"].date() if row.get("churned_on") else None,
            }
            if ext in existing:
                c = existing[ext]
                for k, v in values.items():
                    setattr(c, k, v)
                c.version += 1
                changed.append(c)
            else:
                new.append(Customer(workspace_id=job.workspace_id, external_id=ext, **values))
        Customer.objects.bulk_create(new, batch_size=500)
        Customer.objects.bulk_update(
            changed,
            [
                "name",
                "segment",
                "revenue",
                "potential_revenue",
                "persona_id",
                "churned_on",
                "version",
            ],
            batch_size=500,
        )
        created, updated = len(new), len(changed)
    progress(created + updated)
    return {"created": created, "updated": updated}
