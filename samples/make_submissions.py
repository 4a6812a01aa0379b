"""Rebuild samples/submissions/2025/: the units' forms for 2025 filled as units fill them.

From samples/plan-ky.expected.json it makes each unit's form (render.forms), types the answers
below into it and saves it the way Excel would, with these cases in the set:

- ДКЖАКБ never returned its form;
- КБ sent twice: a first, partial file and a corrected one filled four days later;
- ӨӨЖААБ typed Russian status words with stray spaces; Кыргызгидромет typed them in capitals;
- ЭАКБ copied its sheet into a new workbook (the hidden identity is lost);
- ЖКБ typed a status that is not in the list and marked one measure done with nothing written;
- ММК added a row of its own under the table and called a due annual measure "not yet due";
- ӨКК left one measure blank; ККББ deleted one row.

It then collects the folder and writes samples/submissions/2025.expected.json, the result the
tests check (after reading it through: see tests/test_collect.py).

Usage: python samples/make_submissions.py
"""

from __future__ import annotations

import io
import os
import sys
from copy import copy
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]

from ingest.forms import collect  # noqa: E402
from model.form_layout import COLUMNS  # noqa: E402
from model.form_layout import FIRST_ROW, field_cell  # noqa: E402
from model.forms import form_filename  # noqa: E402
from render.files import write_atomically  # noqa: E402
from render.forms import form_workbook, set_cell  # noqa: E402
from model.plan import plan_from_json  # noqa: E402
from model.progress import progress_to_json  # noqa: E402
from model import i18n  # noqa: E402

YEAR = 2025
OUT = HERE / "submissions" / str(YEAR)
EXPECTED = HERE / "submissions" / f"{YEAR}.expected.json"
COLUMN_OF = {c.key: i for i, c in enumerate(COLUMNS, start=1)}

# (status as typed, what was done, figures, documents, reasons) per measure id, per unit.
ANSWERS: dict[str, dict[str, tuple[str, str, str, str, str]]] = {
    "УКЖКААБ": {
        "1.1.1": ("аткарылды",
                  "Коррупцияга каршы экспертиза жүргүзүүнү жөнгө салган 14 ченемдик укуктук акт "
                  "инвентаризацияланып, талдоонун жыйынтыгы боюнча маалымкат даярдалды жана "
                  "Министрликтин жетекчилигине сунушталды.",
                  "14 акт талданды, 3 актыга өзгөртүү сунушталды",
                  "Маалымкат № 12-04/318, 27.06.2025", ""),
        "2.1.1": ("аткарылды", "Кызматтык нускамалардын долбоорлоруна коррупциялык тобокелдиктер "
                  "боюнча 9 корутунду берилди.", "9 корутунду", "", ""),
        "2.2.1": ("аткарылууда", "Кадрларды тандоо боюнча конкурстук комиссиянын ишине байкоочу "
                  "катары катышты.", "", "", ""),
        "3.1.1": ("аткарылды", "Уруксат берүү жол-жоболорун жөнгө салган 6 буйрукка коррупцияга "
                  "каршы укуктук экспертиза жүргүзүлдү.", "6 буйрук", "", ""),
        "3.1.2": ("аткарылууда", "Административдик регламенттердин долбоорлоруна сын-пикирлер "
                  "берилди.", "", "", ""),
        "3.2.1": ("аткарылууда",
                  "2025-жылы коррупциялык укук бузууларга байланыштуу 23 кайрылуу каралды, анын "
                  "ичинен 4 кайрылуу боюнча кызматтык иликтөө жүргүзүлдү; кайрылууларды кароонун "
                  "ички тартиби боюнча буйруктун долбоору даярдалды.",
                  "23 кайрылуу, 4 кызматтык иликтөө, 2 кызматкер тартиптик жазага тартылды",
                  "Кайрылууларды каттоо журналы", ""),
        "6.5.1": ("аткарылды", "Сайттагы «Коррупцияга каршы аракеттенүү» бөлүгүнө жайгаштыруу "
                  "үчүн 8 материал даярдалып, ММКга берилди.", "8 материал", "", ""),
        "7.1.1": ("аткарылууда",
                  "Кызматкерлер үчүн коррупцияга каршы тематикада 2 тегерек стол өткөрүлдү, "
                  "Башкы прокуратура уюштурган республикалык конференцияга катышылды.",
                  "2 тегерек стол, 64 катышуучу",
                  "Тегерек столдордун протоколдору: 15.04.2025, 21.10.2025", ""),
        "8.1.1": ("аткарылды", "Укуктук аң-сезимди жогорулатуу боюнча 3 маалыматтык материал "
                  "даярдалды.", "3 материал", "", ""),
        "10.1.1": ("аткарылууда",
                   "БУУнун Коррупцияга каршы конвенциясынын аткарылышын карап чыгуунун экинчи "
                   "циклы боюнча суроо-жоопко Министрликтин бөлүгү даярдалып, Юстиция "
                   "министрлигине жөнөтүлдү.", "", "Кат № 12-04/512, 18.09.2025", ""),
        "10.1.2": ("аткарылган жок", "", "", "",
                   "2025-жылы ЭКӨУнун Стамбул планы боюнча мониторинг раунду Министрликке "
                   "суроо-талап жиберген жок."),
        "11.2.1": ("аткарылууда", "2026-жылдын бюджетинин долбооруна коррупцияга каршы "
                   "иш-чараларга каражат каралды.", "450,0 миң сом", "", ""),
        "12.1.1": ("аткарылды", "2025-жылдагы иш-чаралар планынын аткарылышы боюнча ички "
                   "мониторинг жүргүзүлүп, бөлүмдөрдөн маалымат чогултулду.", "11 бөлүм",
                   "Мониторинг боюнча маалымкат, 20.01.2026", ""),
        "12.2.1": ("аткарылууда", "Мониторингдин отчету сайтка жайгаштыруу үчүн ММКга "
                   "даярдалууда.", "", "", ""),
    },
    "КБ": {
        "2.1.1": ("аткарылды",
                  "Министрликтин 42 ведомстволук бөлүмүнүн кызматкерлеринин кызматтык "
                  "нускамаларына коррупциянын алдын алуу боюнча милдеттер киргизилди.",
                  "42 бөлүм, 318 кызматтык нускама", "ӨКМдин буйругу № 415, 22.09.2025", ""),
        "2.2.1": ("аткарылууда", "Бош орундарга ачык конкурс өткөрүүнүн тартиби жаңыртылды; "
                  "кадрлардын туруктуулугу боюнча сурамжылоо жүргүзүлдү.",
                  "27 ачык конкурс, 112 талапкер", "", ""),
        "3.2.1": ("аткарылды", "Кадрлык маселелер боюнча келип түшкөн 5 кайрылуу каралып, "
                  "жыйынтыгы УКЖКААБга берилди.", "5 кайрылуу", "", ""),
        "6.2.1": ("аткарылган жок", "Кадрлардын маалыматтар базасынын түзүмү даярдалды.", "", "",
                  "«Түндүк» ВЭӨС менен интеграциялоонун техникалык шарттары ККББ менен "
                  "макулдашыла элек."),
        "8.1.1": ("аткарылууда", "Жаңы кабыл алынган кызматкерлер үчүн коррупцияга каршы "
                  "мыйзамдар боюнча окутуу өткөрүлдү.", "64 кызматкер", "", ""),
        "11.2.1": ("аткарылууда", "Кызматкерлерди окутууга каржылоо талабы бюджеттик сунушка "
                   "киргизилди.", "", "", ""),
    },
    "ЖКБ": {
        "3.1.1": ("аткарылды", "Жарандык коргонуу пландарын макулдашуу жол-жобосу электрондук "
                  "форматка өткөрүлдү.", "", "", ""),
        "3.1.2": ("аткарылууда", "Жол-жоболорду жөнөкөйлөтүү боюнча сунуштар даярдалууда.",
                  "", "", ""),
        "6.5.1": ("бүттү", "Жарандык коргонуу боюнча 12 маалымат сайтка жайгаштырылды.",
                  "12 маалымат", "", ""),
        "7.1.1": ("аткарылды", "Коррупцияга каршы тегерек столго башкармалыктын 6 кызматкери "
                  "катышты.", "6 кызматкер", "", ""),
        "10.1.1": ("аткарылууда", "Эл аралык сурамжылоого башкармалыктын жооптору даярдалды.",
                   "", "", ""),
        "10.1.2": ("аткарылды", "", "", "", ""),
    },
    "ӨӨЖААБ": {
        "3.1.1": ("  Выполнено ",
                  "Өрт коопсуздугу талаптарына ылайыктуулук жөнүндө корутунду берүү жол-жобосу "
                  "санариптештирилип, талап кылынган документтердин саны 9дан 5ке кыскартылды.",
                  "9 документтин ордуна 5", "ӨКМдин буйругу № 233, 14.05.2025", ""),
        "3.1.2": ("в процессе  исполнения", "Административдик регламенттин жаңы редакциясынын "
                  "долбоору коомдук талкууга коюлду.", "", "", ""),
    },
    "ЭАКБ": {
        "10.1.1": ("аткарылды", "БУУнун Баңги заттар жана кылмыштуулук боюнча башкармалыгы "
                   "уюштурган семинарга 2 кызматкер катышты.", "2 кызматкер", "", ""),
        "10.1.2": ("мөөнөтү келе элек", "", "", "", ""),
    },
    "ММК": {
        "3.2.1": ("аткарылды", "Сайт аркылуу келип түшкөн 11 кайрылуу УКЖКААБга жөнөтүлдү.",
                  "11 кайрылуу", "", ""),
        "6.4.1": ("аткарылууда", "Мамлекеттик кызматтарды онлайн алуу тууралуу 4 видеоролик "
                  "даярдалып, социалдык тармактарга жарыяланды.", "4 видеоролик, 58 000 көрүү",
                  "", ""),
        "6.5.1": ("аткарылууда", "«Коррупцияга каршы аракеттенүү» бөлүгү жаңыланып, 14 материал "
                  "жарыяланды.", "14 материал", "https://mchs.gov.kg/ky/anticorruption", ""),
        "8.1.1": ("аткарылды", "Коррупцияга каршы темада 3 макала жана 2 радиоберүү "
                  "уюштурулду.", "3 макала, 2 берүү", "", ""),
        "12.2.1": ("мөөнөтү келе элек", "2025-жылдын мониторинг отчету 2026-жылдын февралында "
                   "сайтка жайгаштырылат.", "", "", ""),
    },
    "ИАБ": {
        "4.1.1": ("аткарылды", "Ички аудит бөлүмчөсүнүн ишин күчөтүү боюнча ички тескөөчү акт "
                  "иштелип чыгып, бекитилди.", "", "ӨКМдин буйругу № 198, 30.04.2025", ""),
    },
    "ӨКК": {
        "3.1.1": ("аткарылды", "Өрт коопсуздугу боюнча текшерүүлөрдүн чек-баракчалары "
                  "сайтка жарыяланды.", "", "", ""),
        "3.1.2": ("аткарылууда", "Текшерүүлөрдү дайындоо жол-жобосун жөнөкөйлөтүү боюнча "
                  "сунуштар берилди.", "", "", ""),
        "5.1.1": ("аткарылды", "proverka.gov.kg порталын модернизациялоо боюнча 5 сунуш "
                  "Экономика жана коммерция министрлигине жөнөтүлдү.", "5 сунуш",
                  "Кат № 07-2/1144, 03.11.2025", ""),
        "5.2.2": ("аткарылууда", "Электрондук санариптик кол тамганы ишке киргизүү боюнча "
                  "сунуштардын долбоору даярдалды.", "", "", ""),
    },
    "Кыргызгидромет": {
        "3.1.1": ("АТКАРЫЛДЫ", "Гидрометеорологиялык маалымат берүү кызматтарынын тизмеси "
                  "жана тарифтери сайтка жарыяланды.", "", "", ""),
        "3.1.2": (" аткарылууда", "Маалымат берүүгө арыздарды электрондук кабыл алуу системасы "
                  "сыноодо.", "", "", ""),
    },
    "ККББ": {
        "3.1.1": ("аткарылды", "Кризистик борбордун маалымат кызматтарынын тизмеси жаңыланды.",
                  "", "", ""),
        "3.1.2": ("аткарылууда", "Маалымат суроо-талаптарын онлайн кабыл алуу формасы иштелип "
                  "чыгууда.", "", "", ""),
        "6.1.1": ("аткарылууда", "Электрондук документ жүгүртүү системасы 6 ведомстволук "
                  "бөлүмдө ишке киргизилди.", "6 бөлүм", "", ""),
        "6.1.2": ("аткарылууда", "«Түндүк» ВЭӨС аркылуу 2 маалымат алмашуу сервиси "
                  "туташтырылды.", "2 сервис", "", ""),
        "6.1.3": ("аткарылууда", "Кризистик кырдаалдарда маалымат берүүнүн бирдиктүү санариптик "
                  "платформасы сыноо режиминде иштейт.", "", "", ""),
        "6.3.1": ("аткарылган жок", "", "", "", "Электрондук кызмат көрсөтүүлөрдүн порталына "
                  "туташуу үчүн 2025-жылга каржылоо бөлүнгөн жок."),
        "6.4.1": ("аткарылды", "Калкка эскертүү системасы тууралуу маалымат сайтка "
                  "жайгаштырылды.", "", "", ""),
        "6.5.1": ("аткарылды", "Кризистик кырдаалдар боюнча ай сайын маалымат жарыяланды.",
                  "12 жарыялоо", "", ""),
    },
    "ОИБ": {
        "3.1.1": ("аткарылды", "Окуу курстарына кабыл алуунун тартиби жана талап кылынган "
                  "документтер сайтка жарыяланды.", "", "", ""),
        "3.1.2": ("аткарылууда", "Окуу курстарына онлайн каттоо системасы иштелип чыгууда.",
                  "", "", ""),
    },
}
FIRST_KB = {"2.1.1": ("аткарылууда", "Кызматтык нускамаларды карап чыгуу уланууда.", "", "", "")}
FILLED = {  # unit: (date typed in the form, who filled it)
    "УКЖКААБ": (date(2026, 1, 13), "Ж. Асанова, 0312 54-12-34"),
    "КБ": (date(2026, 1, 14), "Н. Маматов, 0312 54-20-11"),
    "ЖКБ": (date(2026, 1, 12), "Б. Осмонов, 0312 54-33-07"),
    "ӨӨЖААБ": (date(2026, 1, 9), "А. Бекмуратов, 0312 54-41-50"),
    "ЭАКБ": (date(2026, 1, 15), "Г. Турдубаева, 0312 54-18-92"),
    "ММК": (date(2026, 1, 12), "Э. Кадырова, 0312 54-27-63"),
    "ИАБ": (date(2026, 1, 8), "Т. Сыдыков, 0312 54-15-28"),
    "ӨКК": (date(2026, 1, 16), "М. Абдыкалыков, 0312 54-38-71"),
    "Кыргызгидромет": (date(2026, 1, 14), "С. Жумабаева, 0312 31-45-06"),
    "ККББ": (date(2026, 1, 15), "Р. Иманалиев, 0312 54-60-14"),
    "ОИБ": (date(2026, 1, 10), "К. Эшимова, 0312 54-52-39"),
}


def fill(ws, answers: dict[str, tuple[str, ...]], filled_on: date, filled_by: str) -> None:
    """Type `answers` into the form sheet `ws` as a clerk would."""
    ws[field_cell("filled_on")], ws[field_cell("filled_by")] = filled_on, filled_by
    row_of = {ws.cell(r, 1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for measure_id, (status, done, figures, documents, reasons) in answers.items():
        r = row_of[measure_id]
        for key, value in (("status", status), ("done", done), ("figures", figures),
                           ("documents", documents), ("reasons", reasons)):
            set_cell(ws, r, COLUMN_OF[key], value or None)


def copy_to_new_workbook(ws) -> Workbook:
    """Return a new workbook holding a copy of `ws` (Excel's "Move or Copy > new book")."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = ws.title
    for row in ws.iter_rows():
        for cell in row:
            target = set_cell(sheet, cell.row, cell.column, cell.value)
            if cell.has_style:
                target.font, target.fill = copy(cell.font), copy(cell.fill)
                target.border, target.alignment = copy(cell.border), copy(cell.alignment)
                target.number_format, target.protection = cell.number_format, copy(cell.protection)
    for key, dim in ws.column_dimensions.items():
        sheet.column_dimensions[key].width = dim.width
    for rng in ws.merged_cells.ranges:
        sheet.merge_cells(str(rng))
    sheet.freeze_panes = ws.freeze_panes
    return wb


def _xlsx(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main() -> None:
    i18n.choose("en")  # the expected result's notes are in English, whatever the machine's language
    plan = plan_from_json((HERE / "plan-ky.expected.json").read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.xlsx"):
        old.unlink()
    stamp = datetime(2026, 1, 20, 9, 0).timestamp()
    for unit, answers in ANSWERS.items():
        filled_on, filled_by = FILLED[unit]
        wb = form_workbook(plan, unit, YEAR)
        ws = wb[wb.sheetnames[0]]
        fill(ws, answers, filled_on, filled_by)
        if unit == "ММК":  # a row of its own under the table
            extra = ws.max_row + 1
            ws.cell(extra, COLUMN_OF["status"], "аткарылды")
            ws.cell(extra, COLUMN_OF["done"], "Мындан тышкары, жарандар үчүн ишеним телефону "
                                              "тууралуу баннер жасалып, имараттарга илинди.")
        if unit == "ККББ":  # unprotected the sheet and deleted a row it did not want
            row = next(r for r in range(FIRST_ROW, ws.max_row + 1)
                       if ws.cell(r, 1).value == "6.2.1")
            ws.delete_rows(row)
        if unit == "ЭАКБ":
            wb = copy_to_new_workbook(ws)
        path = OUT / form_filename(unit, YEAR)
        write_atomically(path, _xlsx(wb))
        os.utime(path, (stamp, stamp))
    first = form_workbook(plan, "КБ", YEAR)  # КБ's first try, superseded by the file above
    fill(first[first.sheetnames[0]], FIRST_KB, date(2026, 1, 10), FILLED["КБ"][1])
    first_path = OUT / f"{YEAR}-КБ (биринчи вариант).xlsx"
    write_atomically(first_path, _xlsx(first))
    os.utime(first_path, (stamp + 3600, stamp + 3600))  # touched later: the typed date decides
    progress = collect(plan, [OUT], YEAR)
    write_atomically(EXPECTED, progress_to_json(progress))
    print(f"wrote {len(list(OUT.glob('*.xlsx')))} forms into {OUT.relative_to(ROOT)} "
          f"and {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
