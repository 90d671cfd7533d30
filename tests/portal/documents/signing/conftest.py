import functools
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.documents.signing.services import SignatureBox, ca_ensure, trust_roots_pem
from tests.factories import MembershipFactory, PositionFactory, UnitFactory, UserFactory


@functools.lru_cache(maxsize=1)
def _base_pdf() -> bytes:
    from weasyprint import HTML

    html = """
    <html lang="vi"><body style="font-family: 'Liberation Serif'; font-size: 13pt">
      <p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
      <p>Số: ........ Ngày: ........</p>
      <h1>ĐƠN XIN NGHỈ PHÉP</h1>
      <p>Kính gửi: Giám đốc Sở Công Thương.</p>
    </body></html>
    """
    from portal.documents.pdffields import fields_reserve

    # The registry's reserved fields, as the document job adds them before any signature.
    pdf = HTML(string=html).write_pdf()
    return fields_reserve(
        pdf=pdf, boxes={"number": [0, 60, 760, 110, 780], "day": [0, 160, 760, 200, 780]}
    )


@pytest.fixture
def base_pdf() -> bytes:
    """A small A4 PDF made by WeasyPrint, with two AcroForm text fields (number, date)."""
    return _base_pdf()


def box(n: int) -> SignatureBox:
    """The n-th stamp slot at the bottom of page 1 (A4: 595 x 842 pt)."""
    col, row = n % 2, n // 2
    x1, y1 = 40 + col * 270, 60 + row * 100
    return SignatureBox(page=0, x1=x1, y1=y1, x2=x1 + 250, y2=y1 + 80)


@pytest.fixture
def ca(db):
    ca_ensure()


@pytest.fixture
def person(db):
    def make(username: str, first: str, last: str = "Nguyễn Văn", title: str = "Chuyên viên"):
        user = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(
            user=user,
            unit=UnitFactory(code="VP", name="Văn phòng Sở"),
            position=PositionFactory(code=f"cv-{username}", name=title),
        )
        return user

    return make


def need(binary: str):
    return pytest.mark.skipif(shutil.which(binary) is None, reason=f"{binary} is not installed")


def pdfsig(pdf: bytes, tmp_path: Path) -> str:
    """pdfsig's report, with an NSS database that trusts the internal CA."""
    nss = tmp_path / "nss"
    if not nss.exists():
        nss.mkdir()
        (tmp_path / "ca.pem").write_bytes(trust_roots_pem())
        subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nss}"], check=True)
        subprocess.run(
            [
                "certutil",
                "-A",
                "-n",
                "ca",
                "-t",
                "CT,C,C",
                "-i",
                str(tmp_path / "ca.pem"),
                "-d",
                f"sql:{nss}",
            ],
            check=True,
        )
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True
    )
    return result.stdout + result.stderr
