from django import forms

from magazine.newsletter.models import CONSENT_TEXT, Subscriber
from magazine.taxonomy.models import Territory, Theme


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": (
                "Cette adresse électronique n’est pas valide (exemple\u00a0: nom@exemple.fr)."
            ),
        },
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        label="Thèmes qui vous intéressent (facultatif)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territories = forms.ModelMultipleChoiceField(
        Territory.objects.select_related("kind"),
        label="Territoires qui vous concernent (facultatif)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.WEEKLY,
        required=False,  # the short form of the home page does not ask: weekly
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Cochez la case pour confirmer votre accord."},
    )
    # Left empty by people (hidden from them and from screen readers); robots fill it.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def clean_frequency(self):
        return self.cleaned_data["frequency"] or Subscriber.Frequency.WEEKLY

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def is_from_a_robot(self):
        return bool(self.data.get("website"))


class ManageForm(forms.ModelForm):
    """What a subscriber may change on their personal page."""

    class Meta:
        model = Subscriber
        fields = ["frequency", "themes", "territories"]
        widgets = {
            "frequency": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "territories": forms.CheckboxSelectMultiple,
        }
        labels = {
            "themes": "Thèmes suivis",
            "territories": "Territoires suivis",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["territories"].queryset = Territory.objects.select_related("kind")
