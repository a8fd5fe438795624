"""`{% fragment %}`: parts of pages rendered once and kept (see magazine.caching.fragments)."""

from django import template

from magazine.caching.fragments import do_fragment

register = template.Library()
register.tag("fragment", do_fragment)
