"""A PDF whose stream unpacks to gigabytes is refused before PDFium unpacks it, in bounded memory."""

import resource
import subprocess
import sys
import zlib
from pathlib import Path

from ingest.pdf_safety import MAX_STREAM, unpacked_sizes

from .conftest import ROOT, SAMPLES
from .test_pdf_page import minimal_pdf

CAP = 1 << 30  # the address space the refusing process may use


def bomb(path, megabytes: int) -> None:
    """Write a one-page PDF whose content stream unpacks to `megabytes` MB of spaces."""
    packer = zlib.compressobj(1)
    spaces = b" " * (1 << 20)
    data = b"".join([packer.compress(b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET\n")] +
                    [packer.compress(spaces) for _ in range(megabytes)] + [packer.flush()])
    pdf = minimal_pdf(b"")
    head = b"<< /Length 0 >>\nstream\n\nendstream"
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    # the offsets in the cross-reference table go wrong; PDFium repairs them
    path.write_bytes(pdf.replace(head, body))


def test_sizes_of_the_samples_are_small():
    largest, total = unpacked_sizes(SAMPLES / "plan-ky.pdf")
    assert 0 < largest <= total < 10 * 1024 * 1024


def test_a_stream_bomb_is_measured_without_unpacking_it_whole(tmp_path):
    path = tmp_path / "bomb.pdf"
    bomb(path, 300)
    assert path.stat().st_size < 2 * 1024 * 1024
    largest, _ = unpacked_sizes(path)
    assert MAX_STREAM < largest < MAX_STREAM + 2 * (1 << 20)  # counting stopped at the limit


def _capped():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def test_a_content_stream_bomb_is_refused_under_a_memory_cap(tmp_path):
    path = tmp_path / "bomb.pdf"
    bomb(path, 1024)   # PDFium alone would need some 1.5 GiB for it
    esep = Path(sys.executable).parent / "esep"
    result = subprocess.run([str(esep), "ingest", str(path)], cwd=ROOT,
                            preexec_fn=_capped, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: bomb.pdf: the PDF holds data that unpacks to more than 200 MB (a damaged or "
        "hostile file): ask for the file again or export it again from Word"]
    assert result.stdout == ""
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < CAP
