from django import template
from django.utils.safestring import mark_safe

from magazine.glossary.marking import mark_first_uses
from magazine.glossary.models import GlossaryEntry

register = template.Library()


@register.tag
def glossary(parser, token):
    """{% glossary %}…{% endglossary %}: the first use of each glossary term in what is
    enclosed is marked (magazine.glossary.marking)."""
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist)


class GlossaryNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html, _found = mark_first_uses(self.nodelist.render(context), GlossaryEntry.objects.all())
        return mark_safe(html)  # noqa: S308 - the enclosed HTML, with links of our own
