from django import template

from magazine.sourcecheck.archives import with_archives

register = template.Library()

register.filter("with_archives", with_archives)
