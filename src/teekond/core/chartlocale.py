"""The chart libraries' words and number/date formats in the page's language.

vega-embed takes its menu labels (``i18n``) and Vega its d3 ``formatLocale`` and
``timeFormatLocale``; ECharts draws no dates or menus here. Estonian writes a decimal comma,
a non-breaking space between thousands and before "%", day.month.year and 24-hour times.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

NBSP = "\u00a0"

FORMATS = {
    "et": {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", f"{NBSP}€"],
        "percent": f"{NBSP}%",
        "minus": "−",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}

TIME_FORMATS = {
    "et": {
        "dateTime": "%e. %B %Y %H:%M:%S",
        "date": "%-d.%-m.%Y",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": [
            "pühapäev",
            "esmaspäev",
            "teisipäev",
            "kolmapäev",
            "neljapäev",
            "reede",
            "laupäev",
        ],
        "shortDays": ["P", "E", "T", "K", "N", "R", "L"],
        "months": [
            "jaanuar",
            "veebruar",
            "märts",
            "aprill",
            "mai",
            "juuni",
            "juuli",
            "august",
            "september",
            "oktoober",
            "november",
            "detsember",
        ],
        "shortMonths": [
            "jaan",
            "veebr",
            "märts",
            "apr",
            "mai",
            "juuni",
            "juuli",
            "aug",
            "sept",
            "okt",
            "nov",
            "dets",
        ],
    },
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
}


def chart_locale(language: str | None = None) -> dict:
    language = (language or get_language() or "en")[:2]
    if language not in FORMATS:
        language = "en"
    return {
        "language": language,
        "formatLocale": FORMATS[language],
        "timeFormatLocale": TIME_FORMATS[language],
        "actions": {
            "CLICK_TO_VIEW_ACTIONS": _("Chart menu"),
            "COMPILED_ACTION": _("View the compiled Vega"),
            "EDITOR_ACTION": _("Open in the Vega editor"),
            "PNG_ACTION": _("Save as PNG"),
            "SOURCE_ACTION": _("View the source"),
            "SVG_ACTION": _("Save as SVG"),
        },
    }
