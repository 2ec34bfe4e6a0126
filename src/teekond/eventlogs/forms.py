from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Event log (CSV, Parquet, XES or XES.gz)"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    case_id = forms.CharField(
        label=_("Case id column"), required=False, help_text=_("Empty: detect")
    )
    activity = forms.CharField(
        label=_("Activity column"), required=False, help_text=_("Empty: detect")
    )
    timestamp = forms.CharField(
        label=_("Timestamp column"), required=False, help_text=_("Empty: detect")
    )
    channel = forms.CharField(label=_("Channel column"), required=False)
    resource = forms.CharField(label=_("Resource column"), required=False)
