"""The Chinese interface is complete: every entry of our catalogue is
translated, and the main pages rendered in zh-hans show none of our English
source strings."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from portal import notify

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*\w+\s*\}\}")
# Attributes whose values people read or hear (screen readers, tooltips).
VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript"}
# English that Django and allauth ship without a zh_Hans translation. It is not
# ours to translate (makemessages would drop such entries from our catalogue),
# and it would otherwise match our short msgids "Change", "link" and "name".
THIRD_PARTY_ENGLISH = [
    "Model name",  # django/contrib/admin/templates/admin/app_list.html
    "Add link",  # idem
    "Change or view list link",  # idem
]
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "source", "track", "wbr",
}  # fmt: skip


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def english_sources() -> list[tuple[str, re.Pattern]]:
    """Our msgids, untranslated ones included, except those whose Chinese is the
    same text, each as a whole-word pattern. A msgid with placeholders is
    matched with the placeholders as wildcards."""
    found = []
    for entry in catalogue():
        if entry.obsolete:
            continue
        translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if translated == msgid:
                continue
            parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)]
            body = r".+?".join(parts)
            found.append((msgid, re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])")))
    return found


class VisibleText(HTMLParser):
    """Collects the text a person sees or hears: text outside scripts and
    styles, plus labels held in attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden_depth += 1
            return
        attributes = dict(attrs)
        for name in VISIBLE_ATTRIBUTES:
            if attributes.get(name):
                self.chunks.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.chunks.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_ELEMENTS:
            self.hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and tag not in VOID_ELEMENTS:
            self.hidden_depth = max(0, self.hidden_depth - 1)

    def handle_data(self, data):
        if not self.hidden_depth:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(chunk.split()) for chunk in parser.chunks if chunk.strip())


def english_left_in(html: str) -> list[str]:
    text = visible_text(html)
    for known in THIRD_PARTY_ENGLISH:
        text = text.replace(known, "")
    return sorted({msgid for msgid, pattern in english_sources() if pattern.search(text)})


# --- the catalogue --------------------------------------------------------------


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = catalogue()
    live = [entry for entry in po if not entry.obsolete]
    assert live, "the catalogue is empty"
    assert [e.msgid for e in live if not e.translated()] == []
    assert [e.msgid for e in live if e.fuzzy] == []
    assert not po.metadata_is_fuzzy


def test_translations_keep_their_placeholders():
    """Chinese has one plural form: msgstr[0] serves every count, so it keeps the
    placeholders of the plural msgid (which msgfmt --check-format also demands);
    an English singular may leave the count out ("this student" / "these
    %(counter)s students")."""
    for entry in catalogue().translated_entries():
        source = entry.msgid_plural or entry.msgid
        wanted = sorted(PLACEHOLDER.findall(source))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in strings:
            assert sorted(PLACEHOLDER.findall(msgstr)) == wanted, entry.msgid


def test_the_compiled_catalogue_is_in_use():
    with translation.override("zh-hans"):
        assert (
            translation.gettext("Tongxin · School–Family–Society Co-education Platform")
            == "同心 · 校家社协同育人管理平台"
        )
        assert translation.gettext("Head teacher") == "班主任"


def test_the_checker_sees_english():
    """The page check below would catch an untranslated string."""
    html = (
        "<main><h1>同心</h1><p>Log in to Tongxin</p><input placeholder='11-digit mobile number'>"
        "<script>var s = 'Mark read';</script><p>您好，Hello, 黄老师</p></main>"
    )
    found = english_left_in(html)
    assert {"Log in to Tongxin", "11-digit mobile number", "Hello, %(name)s"} <= set(found)
    assert "Mark read" not in found  # inside a script: not visible
    assert english_left_in("<p>登录同心</p><style>.Menu{}</style>") == []


# --- pages in Chinese -----------------------------------------------------------


def get_in_chinese(client, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers.get("Content-Language") == "zh-hans"
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/login/code/"]
)
def test_public_pages_show_no_english(client, path):
    assert english_left_in(get_in_chinese(client, path)) == []


@pytest.fixture
def head_teacher_with_mail(client, people):
    for key, kind, title in [
        ("a", "portal.announcement", "寒假安全提醒"),
        ("b", "portal.safety", "暴雨停课通知"),
    ]:
        notify.notify(
            kind=kind, recipient=people.head_teacher, subject_key=key, title=title, url="/inbox/"
        )
    client.force_login(people.head_teacher)
    return people.head_teacher


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/workbench/", "/inbox/", "/settings/notifications/", "/admin/"]
)
def test_head_teachers_pages_show_no_english(client, head_teacher_with_mail, path):
    page = get_in_chinese(client, path)
    assert english_left_in(page) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/workbench/", "/admin/"])
def test_city_officers_pages_show_no_english(client, people, path):
    client.force_login(people.city_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    assert english_left_in(get_in_chinese(client, path)) == []


def test_the_sms_code_stands_apart_from_the_chinese_around_it():
    """People (and the browser tests) pick the code out of the SMS: it must not
    be glued to Chinese characters, which count as word characters."""
    msgid = (
        "Your Tongxin verification code is %(code)s. It expires in %(minutes)d minutes. "
        "Do not tell it to anyone."
    )
    with translation.override("zh-hans"):
        text = translation.gettext(msgid) % {"code": "613410", "minutes": 10}
    assert text != msgid
    found = re.findall(r"(?<![\w-])[A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*(?![\w-])", text)
    assert found == ["613410"]
