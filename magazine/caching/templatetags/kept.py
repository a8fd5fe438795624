"""`{% kept "header" nav %} … {% endkept %}`: a part of every page each process renders once per
generation (the header, the footer). Only for parts that show nothing of the request (no
absolute URL, no personal data) and record nothing on it."""

from django import template

from magazine.caching.generation import remembered

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        key = ("kept", self.name, *(value.resolve(context) for value in self.vary_on))
        request = context.get("request")
        if getattr(request, "is_preview", False):  # drafts of the settings may be previewed
            return self.nodelist.render(context)
        return remembered.get(key, lambda: self.nodelist.render(context), request)


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a quoted name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
