from django import template

from wijkregie.core.money import euros

register = template.Library()
register.filter("euros", euros)
