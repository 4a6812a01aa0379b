"""The report's words in Kyrgyz and Russian: headings, column names, outcome names.

The template shows them through tags such as ``{{ L.col_status }}``; a clerk who types plain text over
a tag fixes that label for every language. The plan's own texts never pass through here.
"""

from __future__ import annotations

from model.errors import EsepError
from model.progress import OUTCOME_LABELS
from model.i18n import _

LANGUAGES = ("ky", "ru")

LABELS: dict[str, dict[str, str]] = {
    "ky": {
        "addressee": "Коррупцияны алдын алуу боюнча ыйгарым укуктуу мамлекеттик органга",
        "outgoing": "Чыгыш №",
        "outgoing_date": "датасы",
        "title": "{plan} {year}-жылы аткарылышы жөнүндө",
        "report_word": "ОТЧЕТ",
        "summary_heading": "Жалпы маалымат",
        "summary_intro": "{year}-жылы планда {total} иш-чара каралган, алардын ичинен {due} иш-чаранын "
                         "аткаруу мөөнөтү {year}-жылы келген же жыл сайын аткарылат.",
        "summary_indicator": "Көрсөткүч",
        "summary_count": "Саны",
        "summary_share": "Үлүшү",
        "due": "Отчеттук жылы аткарылууга тийиш",
        "in_year": "Отчеттук жылга тиешелүү иш-чаралар",
        "chart_caption": "Бөлүмдөр боюнча иш-чаралардын абалы",
        "chart_axis": "Бөлүм",
        "main_heading": "Иш-чаралардын аткарылышы жөнүндө маалымат",
        "col_number": "№",
        "col_measure": "Милдет жана иш-чара",
        "col_deadline": "Аткаруу мөөнөтү",
        "col_executors": "Жооптуу аткаруучулар",
        "col_information": "Аткарылышы жөнүндө маалымат",
        "col_status": "Абалы",
        "section": "{number}-бөлүм. {title}",
        "task": "Милдет {id}. {text}",
        "reasons": "Себептери",
        "annex": "{number}-тиркеме",
        "annex_overdue": "Мөөнөтү өтүп кеткен иш-чаралар жана анын себептери",
        "annex_missing": "Маалымат бербеген түзүмдүк бөлүмдөр",
        "annex_no_info": "Маалымат келип түшпөгөн иш-чаралар",
        "col_unit": "Түзүмдүк бөлүм",
        "col_unit_code": "Кыскартуу",
        "col_lead": "Башкы аткаруучу",
        "none": "Жок.",
        "date": "Датасы",
        "preparer": "Аткаруучу",
        "phone": "тел.",
        "year_word": "ж.",
    },
    "ru": {
        "addressee": "В уполномоченный государственный орган по предупреждению коррупции",
        "outgoing": "Исх. №",
        "outgoing_date": "от",
        "title": "о выполнении в {year} году: {plan}",
        "report_word": "ОТЧЕТ",
        "summary_heading": "Общие сведения",
        "summary_intro": "В {year} году к плану относятся {total} мероприятий, из них срок исполнения {due} "
                         "мероприятий наступил в {year} году или они исполняются ежегодно.",
        "summary_indicator": "Показатель",
        "summary_count": "Количество",
        "summary_share": "Доля",
        "due": "Подлежало исполнению в отчетном году",
        "in_year": "Мероприятия отчетного года",
        "chart_caption": "Состояние мероприятий по разделам",
        "chart_axis": "Раздел",
        "main_heading": "Информация о выполнении мероприятий",
        "col_number": "№",
        "col_measure": "Задача и мероприятие",
        "col_deadline": "Срок исполнения",
        "col_executors": "Ответственные исполнители",
        "col_information": "Информация о выполнении",
        "col_status": "Статус",
        "section": "Раздел {number}. {title}",
        "task": "Задача {id}. {text}",
        "reasons": "Причины",
        "annex": "Приложение {number}",
        "annex_overdue": "Просроченные мероприятия и причины",
        "annex_missing": "Подразделения, не представившие информацию",
        "annex_no_info": "Мероприятия, по которым информация не поступила",
        "col_unit": "Подразделение",
        "col_unit_code": "Сокращение",
        "col_lead": "Головной исполнитель",
        "none": "Нет.",
        "date": "Дата",
        "preparer": "Исп.",
        "phone": "тел.",
        "year_word": "г.",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """Return the labels of `lang` ("ky" or "ru"), outcome names included as ``outcome_<key>``."""
    if lang not in LABELS:
        raise EsepError(_("no report labels for language '{lang}': use one of {languages}")
                        .format(lang=lang, languages=", ".join(LANGUAGES)))
    result = dict(LABELS[lang])
    result.update({f"outcome_{k}": v for k, v in OUTCOME_LABELS[lang].items()})
    return result


# The stage summary's own words, beside the yearly report's (which it shares).
STAGE_LABELS: dict[str, dict[str, str]] = {
    "ky": {
        "stage_title": "{plan} {first}–{last}-жылдардагы этабынын жыйынтыгы жөнүндө",
        "stage_intro": "{first}–{last}-жылдар этабында {total} иш-чара боюнча маалымат "
                       "чогултулду; этаптын аягында аткарылганы: {done}, аткарылбаганы же "
                       "аткарылуу процессинде турганы: {open}.",
        "col_year": "Жыл",
        "col_total": "Иш-чаралар",
        "col_returned": "Форма тапшырган бөлүмдөр",
        "stage_end": "Этаптын аягында",
        "stage_chart_caption": "Жылдар боюнча иш-чаралардын абалы",
        "stage_chart_axis": "Жыл",
        "col_years": "Жылдар боюнча абалы",
        "col_done_in": "Аткарылган жылы",
        "col_stage_information": "Этапта эмне аткарылды",
        "col_final": "Этаптын аягындагы абалы",
        "stage_main_heading": "Иш-чаралардын этап ичинде аткарылышы",
        "annex_not_done": "Этаптын аягына чейин аткарылбаган иш-чаралар жана себептери",
        "annex_never": "Этап ичинде бир да жолу маалымат бербеген түзүмдүк бөлүмдөр",
        "not_asked": "—",
    },
    "ru": {
        "stage_title": "об итогах этапа {first}–{last} годов: {plan}",
        "stage_intro": "На этапе {first}–{last} годов собрана информация по {total} "
                       "мероприятиям; к концу этапа выполнено: {done}, не выполнено или "
                       "в процессе исполнения: {open}.",
        "col_year": "Год",
        "col_total": "Мероприятий",
        "col_returned": "Подразделения, сдавшие формы",
        "stage_end": "На конец этапа",
        "stage_chart_caption": "Состояние мероприятий по годам",
        "stage_chart_axis": "Год",
        "col_years": "Статус по годам",
        "col_done_in": "Год выполнения",
        "col_stage_information": "Что сделано за этап",
        "col_final": "Статус на конец этапа",
        "stage_main_heading": "Выполнение мероприятий за этап",
        "annex_not_done": "Мероприятия, не выполненные к концу этапа, и причины",
        "annex_never": "Подразделения, ни разу не представившие информацию за этап",
        "not_asked": "—",
    },
}


def stage_labels_for(lang: str) -> dict[str, str]:
    """Return the yearly report's labels of `lang` with the stage summary's own words added."""
    result = labels_for(lang)
    result.update(STAGE_LABELS[lang])
    return result
