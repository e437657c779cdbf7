"""End to end in Debian Chromium: a joint press release for Umeälven from the live figures.

The app runs in live mode against the fake SMHI server (SMHI's formats, figures under our
control). Steps: new draft → three actors required → each approves → the version locks with its
hash → DOCX, PDF and CAP downloads → release → an update that refers to the released message.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import xmlschema
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import DEFAULT_WAIT_MS as WAIT_MS
from tests.browser.conftest import assert_no_exception_box, save_screenshot, settle, wait_for_app

CAP_XSD = Path(__file__).resolve().parents[1] / "coordination" / "cap-1.2.xsd"
ACTORS = {"Länsstyrelsen Västerbotten": "Lisa Holm", "Umeå kommun": "Omar Said", "Vattenfall AB": "Per Ek"}


def _wait_idle(page, timeout_ms: int = 180_000) -> None:
    settle(page, timeout_ms)


def _main(page):
    return page.locator('[data-testid="stMain"]')


def _download(page, label: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=label, exact=True).click()
    download = info.value
    _wait_idle(page)
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_joint_press_release_for_umealven(start_app, page, fake_smhi):
    server = start_app(
        ALVLAGET_MODE="live",
        ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url,
        ALVLAGET_SMHI_WARNINGS_URL=fake_smhi.warnings_url,
    )
    page.goto(f"{server.url}/meddelanden?alv=Umeälven")
    wait_for_app(page, "Meddelanden")
    main = _main(page)

    name = main.get_by_label("Ditt namn (sparas med versioner och godkännanden)")
    name.fill("Anna Berg")
    name.press("Enter")
    _wait_idle(page)
    main.get_by_role("button", name="Nytt utkast").click()
    _wait_idle(page)
    main.get_by_text(re.compile(r"^Utkast nr 1 skapat från aktuella siffror")).wait_for()
    _wait_idle(page)
    body = main.get_by_label("Text (svenska)").input_value()
    assert "Var: Så mycket vatten rinner förbi orterna längs älven:" in body
    assert "källa: SMHI)." in body
    assert "ÖVNING" not in body

    # Exactly three actors must approve: clear the default list and choose three. The list is a form,
    # so nothing reruns until it is saved; the chosen actors are checked on screen before saving.
    form = main.locator('[data-testid="stForm"]').filter(has_text="Ändra vilka aktörer som ska godkänna")
    picker = form.get_by_label("Aktörer som ska godkänna")
    chosen = form.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    picker.click()
    for _ in range(50):  # Backspace in the empty field removes the last chosen actor
        if not chosen.count():
            break
        picker.press("Backspace")
    expect(chosen).to_have_count(0, timeout=WAIT_MS)
    for actor in ACTORS:
        picker.fill(actor)
        # On a busy machine the option list lags the typing: click the option once it shows.
        page.get_by_role("option", name=actor, exact=True).first.click()
        expect(chosen.filter(has_text=actor)).to_have_count(1, timeout=WAIT_MS)
    picker.press("Escape")
    expect(chosen).to_have_count(len(ACTORS), timeout=WAIT_MS)
    form.get_by_role("button", name="Spara aktörslistan").click()
    main.get_by_text("Listan över aktörer som ska godkänna är sparad.").wait_for()
    _wait_idle(page)
    expect(main.get_by_text(re.compile(r"^\d+ av \d+ har godkänt version 1\.$"))).to_have_text(
        "0 av 3 har godkänt version 1.", timeout=WAIT_MS)

    for count in range(1, 4):
        chosen = main.get_by_label("Aktör som godkänner").input_value()
        person = main.get_by_label("Namn på den som godkänner")
        person.fill(ACTORS[chosen])
        person.press("Enter")
        _wait_idle(page)
        main.get_by_role("button", name="Godkänn version 1").click()
        if count < 3:
            main.get_by_text(f"{count} av 3 har godkänt version 1.").wait_for()
        _wait_idle(page)

    main.get_by_text("Alla aktörer har godkänt: version 1 är låst.", exact=False).wait_for()
    main.get_by_text(re.compile(r"^Låst .*godkänt av alla aktörer")).wait_for()
    hash_text = main.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", hash_text)
    save_screenshot(page, "meddelanden-locked")

    main.get_by_role("button", name="Ge ut meddelandet").click()
    main.get_by_text("Meddelandet är utgivet. Ladda ner det nedan.").wait_for()
    _wait_idle(page)

    filename, docx_bytes = _download(page, "Word (DOCX)")
    assert filename == "meddelande-1-v1.docx"
    paragraphs = [p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs]
    assert paragraphs[0] == "Samordningsgruppen för information vid höga flöden — Umeälven"
    assert any(p.endswith(f"SHA-256: {hash_text}") for p in paragraphs)
    assert "Vattenfall AB: godkänt av Per Ek" in " ".join(paragraphs)

    filename, pdf_bytes = _download(page, "PDF")
    assert filename == "meddelande-1-v1.pdf"
    assert pdf_bytes.startswith(b"%PDF-")

    filename, cap_bytes = _download(page, "CAP (XML)")
    assert filename == "meddelande-1-v1.cap.xml"
    cap = cap_bytes.decode("utf-8")
    xmlschema.XMLSchema(str(CAP_XSD)).validate(cap)
    assert "<status>Actual</status>" in cap
    assert "<msgType>Alert</msgType>" in cap

    main.get_by_role("button", name="Uppdatering").click()
    main.get_by_text("Utkast nr 2 är påbörjat: en uppdatering av det utgivna meddelandet. Det behöver godkännas av samma aktörer.").wait_for()
    _wait_idle(page)
    main.get_by_text(re.compile(r"^Uppdaterar meddelandet utgivet .* \(nr 1\)\.$")).wait_for()
    assert main.get_by_text("0 av 3 har godkänt version 1.").count() == 1
    assert_no_exception_box(page)
    save_screenshot(page, "meddelanden-update")
