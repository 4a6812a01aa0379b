"""Build step: the messages' catalogs (model/locale/*/LC_MESSAGES/esep.po) compiled to .mo."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """Compile every .po beside its source before the package files are gathered."""

    def run(self):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(__file__).parent.glob("model/locale/*/LC_MESSAGES/esep.po"):
            with po.open("rb") as source:
                catalog = read_po(source)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog)
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
