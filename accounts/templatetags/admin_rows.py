"""`{% result_list_rows cl %}`: Django's `{% result_list cl %}`, with each row rendered in one
pass (accounts/admin/rows.py). A change list template opts in by overriding its result_list block."""

from typing import Any

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template.base import Parser, Token

from accounts.admin.rows import result_list

register = template.Library()


@register.tag(name="result_list_rows")
def result_list_rows(parser: Parser, token: Token) -> Any:
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
