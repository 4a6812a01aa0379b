"""The report's words in Kyrgyz and Russian: headings, column names, outcome names.

The template shows them through tags such as ``{{ L.col_status }}``; a clerk who types plain text over
a tag fixes that label for every language. The plan's own texts never pass through here.
"""

from __future__ import annotations

from model.errors import EsepError
from model.progress import OUTCOME_LABELS

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
        raise EsepError(f"no report labels for language '{lang}': use one of {', '.join(LANGUAGES)}")
    result = dict(LABELS[lang])
    result.update({f"outcome_{k}": v for k, v in OUTCOME_LABELS[lang].items()})
    return result
