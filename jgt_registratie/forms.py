"""Forms of the login pages (the second factor)."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", max_length=40, strip=True)

    def __init__(self, *args, label: str = "Code", help_text: str = "", numeric: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = label
        field.help_text = help_text
        attrs = {"class": "utrecht-textbox utrecht-textbox--html-input app-code", "autocomplete": "one-time-code",
                 "autocapitalize": "off", "spellcheck": "false", "autofocus": True}
        if numeric:
            attrs["inputmode"] = "numeric"
        field.widget.attrs.update(attrs)

    def refuse(self, message: str) -> None:
        """A refusal of the service, shown next to the field."""
        self.add_error("code", message)
