"""The home page: a frame filled by the sections the apps register.

An app adds a section from its `AppConfig.ready` with `home_sections.add(...)`:
a template and a function of the request returning that template's context,
or None when the section does not apply to the user. Sections are shown in
order of position; their contexts are merged into the page's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.views.generic import TemplateView


@dataclass(frozen=True)
class HomeSection:
    template_name: str
    context: Callable[..., dict | None]
    position: int = 100
    # Scripts the section needs, included at the end of the page.
    script_template_name: str = ""


class _Sections:
    def __init__(self):
        self._sections: list[HomeSection] = []

    def add(self, section: HomeSection) -> None:
        self._sections.append(section)
        self._sections.sort(key=lambda s: s.position)

    def __iter__(self):
        return iter(self._sections)


home_sections = _Sections()


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        templates, scripts, merged = [], [], {}
        for section in home_sections:
            context = section.context(self.request)
            if context is None:
                continue
            templates.append(section.template_name)
            if section.script_template_name:
                scripts.append(section.script_template_name)
            merged.update(context)
        return super().get_context_data(
            section_templates=templates,
            section_script_templates=scripts,
            **merged,
            **kwargs,
        )
