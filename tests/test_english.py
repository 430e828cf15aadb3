"""English through gettext: Vietnamese source strings come out in English under "en", unchanged under "vi"."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from awards.models import AwardType
from blocs.models import Bloc, Leadership
from core.validation import validate
from meetings.models import Meeting

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n], and whether they are fuzzy."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#,"):
            entry = entry or {"fuzzy": False}
            entry["fuzzy"] = entry["fuzzy"] or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, quoted = line.partition(" ")
            entry = entry or {"fuzzy": False}
            entry[key] = ast.literal_eval(quoted)
    return [e for e in entries if e.get("msgid")]  # the header has an empty msgid


def test_every_english_entry_is_translated_and_compiled():
    entries = _po_entries(CATALOG / "django.po")
    with (CATALOG / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    assert entries
    for entry in entries:
        assert not entry["fuzzy"], entry["msgid"]
        if "msgid_plural" in entry:
            forms = [entry["msgstr[0]"], entry["msgstr[1]"]]
            assert all(forms), entry["msgid"]
            assert [catalog.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)] == forms
        else:
            assert entry["msgstr"], entry["msgid"]
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], "django.mo is older than django.po"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["chair and vice-chair", "award type", "emulation year", "Emulation cluster", "Year-end review"]),
        ("vi", ["trưởng, phó khối", "hình thức khen thưởng", "năm thi đua", "Cụm thi đua", "Hội nghị tổng kết"]),
    ],
)
def test_model_names_and_choices(language, expected):
    with translation.override(language):
        assert [
            str(Leadership._meta.verbose_name),
            str(AwardType._meta.verbose_name),
            str(Meeting._meta.get_field("year").verbose_name),
            str(Bloc.Kind.CLUSTER.label),
            str(Meeting.Kind.YEAR_END_REVIEW.label),
        ] == expected


def test_plural_forms():
    with translation.override("en"):
        assert translation.ngettext("%(n)s tiêu chí", "%(n)s tiêu chí", 1) % {"n": 1} == "1 criterion"
        assert translation.ngettext("%(n)s tiêu chí", "%(n)s tiêu chí", 3) % {"n": 3} == "3 criteria"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The chair and the vice-chair must be two different agencies."),
        ("vi", "Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau."),
    ],
)
def test_service_error_in_the_active_language(bloc_11, language, message):
    bloc, agencies = bloc_11
    leadership = Leadership(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[0])
    with translation.override(language), pytest.raises(ValidationError) as raised:
        validate(leadership)
    assert raised.value.message_dict["vice_chair"] == [message]


@pytest.mark.django_db
def test_login_page_in_english_only_once_chosen(client):
    """A browser asking for English still gets Vietnamese (issue #15: the users work in Vietnamese whatever
    their browser says); the footer's choice gives English, every sentence of it."""
    html = client.get(reverse("login"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="vi">' in html and "Đăng nhập" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login"), headers={"accept-language": "vi"}).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Skip to main content" in html
    assert "Đăng nhập" not in html


@pytest.mark.django_db
def test_login_page_stays_vietnamese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_footer_switch_changes_the_language(client):
    login = reverse("login")
    html = client.get(login).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    # Each language is offered under its own name, whatever the page's language.
    assert 'lang="vi" selected>Tiếng Việt</option>' in html
    assert 'lang="en">English</option>' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert response.url == login
    html = client.get(login).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert 'lang="en" selected>English</option>' in html

    client.post(reverse("set_language"), {"language": "vi", "next": login})
    assert "Đăng nhập" in client.get(login).content.decode()
