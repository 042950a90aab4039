"""Forms people fill in, in the GOV.UK pattern: an error summary linking to each field and one
message per problem at the field (``templates/includes/error_summary.html`` and
``templates/includes/field.html`` render them)."""

from dataclasses import dataclass

from django import forms

# Widgets rendered as a group of inputs in a fieldset: the summary links to the first input.
_GROUPED = ("radioselect", "checkboxselectmultiple")


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the message, and the ``#id`` of the field it is about
    (empty when no visible field is)."""

    message: str
    href: str = ""


class ErrorSummaryMixin:
    """Adds ``error_summary()`` to a form: one entry per field with errors, in field order,
    then the errors about the whole form. ``aria-invalid`` and ``aria-describedby`` (help and
    error ids) come from Django's own ``BoundField``."""

    #: The field a message about the whole form is linked to (``None``: no link).
    summary_field_for_form_errors: str | None = None

    def error_summary(self) -> list[Problem]:
        problems = []
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            message = " ".join(str(e) for e in bound.errors)
            problems.append(Problem(message, "" if bound.is_hidden else "#" + field_anchor(bound)))
        target = self.summary_field_for_form_errors
        href = "#" + field_anchor(self[target]) if target else ""
        problems.extend(Problem(str(e), href) for e in self.non_field_errors())
        return problems


def field_anchor(bound: forms.BoundField) -> str:
    """The id of the input a link to ``bound`` should focus."""
    if bound.widget_type in _GROUPED:
        return f"{bound.auto_id}_0"
    return bound.auto_id
