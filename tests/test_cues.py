"""attrib_cues: lexicon cues in every form, context disambiguation, not-cues."""

from __future__ import annotations

import pytest

from attrib.rules.lexicon import VerbEntry, expand, load_lexicon
from attrib.text import normalize


def cue_texts(nlp, text):
    doc = nlp(text)
    return [s.text for s in doc.spans["attrib_cue_candidates"]]


def test_lexicon_has_enough_reporting_verbs():
    lex = load_lexicon()
    lemmas = {form.lemma for form in lex.forms.values()}
    assert len(lemmas) >= 80


@pytest.mark.parametrize(
    "form",
    ["قال", "وقالت", "فقالوا", "يقول", "وتقول", "سيقول", "قلنا", "أكدنا", "اكد", "أكّد",
     "يؤكدون", "وأضاف", "وأضافت", "مضيفاً", "مؤكدة", "مشيرين", "ﻗﺎﻝ", "أكـــد", "وأكدتها"],
)
def test_surface_forms_hit_the_table(form):
    assert normalize(form) in load_lexicon().forms


def test_features_of_forms():
    forms = load_lexicon().forms
    assert forms[normalize("وقالت")].gender == "f"
    assert forms[normalize("وقالت")].proclitic == "و"
    assert forms[normalize("يقول")].gender == "m"
    assert forms[normalize("أكدنا")].person == 1
    assert forms[normalize("مؤكداً")].kind == "participle"
    assert forms[normalize("قالوا")].number == "p"


def test_expand_generates_tenses_and_clitics():
    entry = VerbEntry("صرح", "يصرح", "مصرح", (), "free", 0.9, ())
    forms = expand(entry)
    for surface in ["صرح", "وصرحت", "يصرحون", "ستصرح", "مصرحا", "صرحوا"]:
        assert normalize(surface) in forms


@pytest.mark.parametrize(
    "text, cue",
    [
        ("وقال الوزير إن الاتفاق قريب.", "وقال"),
        ("أكّد الرئيس أن الانتخابات ستجري في موعدها.", "أكّد"),
        ("وأشارت الوزارة إلى أن الإصابات تراجعت.", "وأشارت"),
        ("وأضاف، مؤكداً أن العمل مستمر.", "مؤكداً"),
        ("وبين المدير أن المشروع اكتمل.", "وبين"),
        ("بيّن الخبير أن الأسعار سترتفع.", "بيّن"),
        ("وتابع: «لن نسمح بذلك».", "وتابع"),
    ],
)
def test_cues_found(nlp, text, cue):
    assert cue in cue_texts(nlp, text)


def test_bayna_as_between_is_not_a_cue(nlp):
    assert cue_texts(nlp, "تعززت العلاقات بين العراق وإيران خلال العام الماضي.") == []


def test_asides_and_non_reports_are_not_cues(nlp):
    assert cue_texts(nlp, "يذكر أن الاجتماع عقد في العاصمة.") == []
    assert cue_texts(nlp, "ويشار إلى أن الطريق مغلق.") == []
    assert cue_texts(nlp, "أشاد الوزير بتركيا.") == []
    assert cue_texts(nlp, "التقى الوزير نظيره الفرنسي في باريس.") == []


def test_cues_inside_a_direct_quotation_are_ignored(nlp):
    text = 'وقال الوزير: "أكدنا أن التعاون مستمر".'
    assert cue_texts(nlp, text) == ["وقال"]


def test_nominal_cues(nlp):
    assert "بحسب" in cue_texts(nlp, "ارتفعت الأسعار بحسب وزارة الاقتصاد.")
    assert "وفقاً" in cue_texts(nlp, "ارتفعت الأسعار وفقاً للبنك المركزي.")
    assert "نقلاً" in cue_texts(nlp, "توقف القتال نقلاً عن مصادر محلية.")


def test_headline_colon_is_a_cue(nlp):
    doc = nlp("الوزير: لا تراجع عن خطة الإصلاح\nوفي التفاصيل...")
    colons = [s for s in doc.spans["attrib_cue_candidates"] if s.label_ == "COLON"]
    assert [c.text for c in colons] == [":"]


def test_byline_colon_is_not_a_cue(nlp):
    doc = nlp("سامي علي- الرياض: افتتح المعرض أبوابه اليوم")
    assert [s for s in doc.spans["attrib_cue_candidates"] if s.label_ == "COLON"] == []


def test_prayers_wishes_and_impersonal_forms_are_not_cues(nlp):
    assert "داعياً" not in cue_texts(nlp, "وختم حديثه داعياً الله أن يحفظ البلاد.")
    assert cue_texts(nlp, "ويعتقد أن المنفذ غادر المدينة.") == []
    assert cue_texts(nlp, "ويأمل الفريق أن يفوز بالبطولة.") == []


def test_negated_report_is_not_a_cue(nlp):
    assert cue_texts(nlp, "ولم تفصح الشرطة عن هوية المشتبه به.") == []


def test_full_stop_glued_between_words_splits_sentences(nlp):
    assert "وأضاف" in cue_texts(nlp, "انتهى الاجتماع.وأضاف المدير أن النتائج جيدة.")
