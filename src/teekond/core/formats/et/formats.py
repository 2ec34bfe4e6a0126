# Django's Estonian locale has no DATETIME_FORMAT or SHORT_DATETIME_FORMAT, so it fell back to
# the American "m/d/Y P" ("12/02/2026 2:44 e.l."); Estonian writes day.month.year and 24-hour
# times.
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
