"""`{% fragment %}`: parts of pages rendered once and kept (see magazine.core.fragments)."""

from django import template

from magazine.core.fragments import do_fragment

register = template.Library()
register.tag("fragment", do_fragment)
