"""CSV downloads never carry a formula into a spreadsheet: text cells starting with = + - @ (tab, CR) stay text.

One writer, :func:`language.spreadsheet.spreadsheet_csv`, makes every CSV the app offers (Flöden's table,
Möte's log); Streamlit's own table export, which would not neutralise, is switched off.
"""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import UTC, datetime, timedelta

import pandas as pd

from coordination.db import create_schema, make_engine, make_session_factory
from hydrology.flow_table import flow_table_csv
from language.spreadsheet import neutralise_cell, spreadsheet_csv
from meetings.meetings import MeetingLog, SituationSnapshot
from meetings.minutes import meeting_log_csv
from sources.models import DataOrigin
from tests.app_testing import PROJECT_ROOT

T0 = datetime(2026, 5, 12, 12, 5, tzinfo=UTC)  # 14.05 in Stockholm
HYPERLINK = '=HYPERLINK("http://evil.example/x","Klicka här")'


def test_formula_starts_are_neutralised_and_numbers_kept():
    values = [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "Vindeln", "Beslut: -5 cm", -5.0, 7, None]
    assert [neutralise_cell(v) for v in values] == [
        "'" + HYPERLINK, "'+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "Vindeln", "Beslut: -5 cm", -5.0, 7, None]


def test_flow_table_csv_neutralises_text_cells():
    table = pd.DataFrame({"Station": ["=cmd|' /C calc'!A0", "Sorsele"], "Flöde [m³/s]": [-1.5, 120.0],
                          "Trend 30 dygn": [[], []]})
    text = flow_table_csv(table, "Umeälven", datetime(2026, 5, 3, 12, tzinfo=UTC)).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["Station;Flöde [m³/s]", "'=cmd|' /C calc'!A0;-1,5", "Sorsele;120,0"]


def test_a_header_line_is_one_cell_even_with_a_semicolon():
    text = spreadsheet_csv(pd.DataFrame({"a": [1]}), ["Grupp; =1+1"]).decode("utf-8-sig")
    assert text.splitlines() == ['"# Grupp; =1+1"', "a", "1"]


def _meeting_with_entries(tmp_path, is_exercise: bool):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    create_schema(engine)
    log = MeetingLog(make_session_factory(engine))
    origin = DataOrigin.EXERCISE if is_exercise else DataOrigin.LIVE
    meeting = log.start_meeting(title="Avstämning", rivers=["Umeälven"], is_exercise=is_exercise,
                                snapshot=SituationSnapshot(rivers=({"river": "Umeälven"},), origin=origin),
                                started_by="Anna Berg", now=T0)
    log.add_entry(meeting.id, kind="beslut", text=HYPERLINK, author="Anna Berg", now=T0 + timedelta(minutes=1))
    log.add_entry(meeting.id, kind="atgard", text="-5 cm i Storuman: sänk tappningen.", author="@Per Ek",
                  responsible="+46 90 16 10 00", now=T0 + timedelta(minutes=2))
    log.add_entry(meeting.id, kind="information", text="Nivån är 74,2 m.", author="Per Ek",
                  now=T0 + timedelta(minutes=3))
    engine.dispose()
    return log.get_meeting(meeting.id)


def test_the_meeting_log_csv_keeps_typed_formulas_as_text(tmp_path):
    meeting = _meeting_with_entries(tmp_path, is_exercise=False)
    text = meeting_log_csv(meeting, generated_at=T0 + timedelta(minutes=5), group_name="Samordningsgruppen")
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "# Samordningsgruppen: logg för möte nr 1, exporterad kl. 14.10 svensk tid"
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    assert rows == [
        ["Tid", "Typ", "Text", "Ansvarig", "Uppföljning", "Klar", "Aktör", "Av"],
        ["12 maj 14.06", "Beslut", "'" + HYPERLINK, "", "", "", "", "Anna Berg"],
        ["12 maj 14.07", "Åtgärd", "'-5 cm i Storuman: sänk tappningen.", "'+46 90 16 10 00", "", "", "", "'@Per Ek"],
        ["12 maj 14.08", "Information", "Nivån är 74,2 m.", "", "", "", "", "Per Ek"],
    ]


def test_an_exercise_meeting_log_csv_is_marked_on_top_and_on_every_row(tmp_path):
    meeting = _meeting_with_entries(tmp_path, is_exercise=True)
    lines = meeting_log_csv(meeting, generated_at=T0, group_name="Samordningsgruppen").decode("utf-8-sig").splitlines()
    assert lines[0] == "# ÖVNING — ÖVNING — ÖVNING: övningsmöte, inte verkliga händelser"
    assert lines[2].startswith("ÖVNING;Verklig tid;Övningstid;")
    assert [line.split(";")[0] for line in lines[3:]] == ["ÖVNING"] * 3


def test_streamlits_own_table_download_is_off():
    """st.dataframe's "Download as CSV" writes cells unchanged (a typed =HYPERLINK(…) runs in Excel), so it is
    switched off for every table; the app's own CSV downloads above are the safe way to a spreadsheet."""
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
