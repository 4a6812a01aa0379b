"""The shipped templates are what render/make_template.py builds, part for part."""

from __future__ import annotations

import io
import zipfile

import pytest

from render import make_template
from render.report import TEMPLATE
from render.stage import TEMPLATE as STAGE_TEMPLATE

PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/header1.xml",
         "word/header2.xml", "word/header3.xml", "word/numbering.xml")


@pytest.mark.parametrize("build, shipped", [(make_template.build, TEMPLATE),
                                            (make_template.build_stage, STAGE_TEMPLATE)],
                         ids=["report", "stage"])
def test_the_built_template_is_the_shipped_one(build, shipped):
    built, kept = zipfile.ZipFile(io.BytesIO(build())), zipfile.ZipFile(shipped)
    for part in PARTS:
        assert built.read(part) == kept.read(part), part


@pytest.mark.parametrize("build", [make_template.build, make_template.build_stage],
                         ids=["report", "stage"])
def test_each_template_is_signed_once(build):
    document = zipfile.ZipFile(io.BytesIO(build())).read("word/document.xml").decode()
    assert document.count("signer_position") == 1
    assert document.count("preparer_phone") == 2  # the condition and the line it keeps
