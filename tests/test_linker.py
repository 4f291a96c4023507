"""attrib_linker: content spans, kinds, confidence, min_confidence."""

from __future__ import annotations

import pytest

import attrib
from attrib.model import LINKS_ATTR


def contents(nlp, text):
    return [(a.cue.text, [c.text for c in a.contents], a.kind) for a in nlp(text)._.attributions]


def test_indirect_content_without_complementizer_and_full_stop(nlp):
    assert contents(nlp, "وقال الوزير إن المفاوضات مستمرة.") == [
        ("وقال", ["المفاوضات مستمرة"], "indirect")
    ]


def test_complementizer_with_pronoun_is_dropped(nlp):
    assert contents(nlp, "وقالت الشركة إنها لن ترفع الأسعار.") == [
        ("وقالت", ["لن ترفع الأسعار"], "indirect")
    ]


def test_colon_then_quote_is_direct(nlp):
    assert contents(nlp, "وأضاف المدير: «سنفتتح الفرع الجديد قريبا».") == [
        ("وأضاف", ["«سنفتتح الفرع الجديد قريبا»"], "direct")
    ]


def test_quote_before_cue(nlp):
    assert contents(nlp, '"لن نتراجع عن قرارنا"، قال الوزير.') == [
        ("قال", ['"لن نتراجع عن قرارنا"'], "direct")
    ]


def test_mixed_content_keeps_quote_marks(nlp):
    found = contents(nlp, 'وبين أنه "في هذه المرحلة لا مجال للتراجع".')
    assert found == [("وبين", ['"في هذه المرحلة لا مجال للتراجع"'], "direct")]


def test_preposition_frame(nlp):
    assert contents(nlp, "وأشار الوزير إلى أن الأمطار توقفت.") == [
        ("وأشار", ["الأمطار توقفت"], "indirect")
    ]
    assert contents(nlp, "وشدد المدير على أن العمل مستمر.") == [
        ("وشدد", ["العمل مستمر"], "indirect")
    ]


def test_call_content_is_what_is_called_for(nlp):
    found = contents(nlp, "ودعا المحافظ المواطنين إلى الالتزام بالتعليمات.")
    assert found == [("ودعا", ["الالتزام بالتعليمات"], "indirect")]


def test_nominalised_claim(nlp):
    found = contents(nlp, "أكد رئيس الهيئة خالد الراشد، اليوم السبت، أهمية تطوير الخدمات.")
    assert found == [("أكد", ["أهمية تطوير الخدمات"], "indirect")]


def test_headline_colon(nlp):
    doc = nlp("الوزير: لا تراجع عن خطة الإصلاح\nوفي التفاصيل كلام كثير.")
    atts = doc._.attributions
    assert [(a.cue.text, a.speaker.text, a.contents[0].text) for a in atts] == [
        (":", "الوزير", "لا تراجع عن خطة الإصلاح")
    ]


def test_participle_ends_previous_content(nlp):
    found = contents(nlp, "وقال المحافظ إن الطرق مفتوحة، مشيراً إلى أن الأمطار توقفت.")
    assert found == [
        ("وقال", ["الطرق مفتوحة"], "indirect"),
        ("مشيراً", ["الأمطار توقفت"], "indirect"),
    ]


def test_trailing_nominal_cue_attributes_its_clause(nlp):
    doc = nlp("ارتفعت أسعار الوقود بنسبة عشرة في المئة، بحسب وزارة الطاقة.")
    atts = doc._.attributions
    assert [(a.cue.text, a.speaker.text, a.contents[0].text) for a in atts] == [
        ("بحسب", "وزارة الطاقة", "ارتفعت أسعار الوقود بنسبة عشرة في المئة")
    ]


def test_inner_statement_inside_indirect_content_is_annotated(nlp):
    found = contents(nlp, "قال الوزير إن الصين تقول إنها مستعدة للحوار.")
    assert ("تقول", ["مستعدة للحوار"], "indirect") in found


def test_confidence_in_range_and_links_stored(nlp):
    doc = nlp("وقال الوزير إن الخطة جاهزة.\nوأضاف: «سنبدأ غدا».")
    atts = doc._.attributions
    assert atts and all(0.0 <= a.confidence <= 1.0 for a in atts)
    assert atts[0].confidence > atts[1].confidence  # explicit beats implicit
    assert len(doc._.get(LINKS_ATTR)) == 2
    assert {s.text for s in doc.spans["attrib_cues"]} == {"وقال", "وأضاف"}


def test_min_confidence_filters():
    strict = attrib.load(**{"components.attrib_linker.min_confidence": 0.9})
    doc = strict("وقال الوزير إن الخطة جاهزة.\nوأضاف: «سنبدأ غدا».")
    assert [a.cue.text for a in doc._.attributions] == ["وقال"]


def test_no_attribution_without_content(nlp):
    assert nlp("وقال الوزير.")._.attributions == []


def test_presentation_forms_tatweel_diacritics_keep_offsets(nlp):
    text = "ﻭﻗﺎﻝ الوزيـــر إنَّ الاتّفاقَ قريبٌ."
    doc = nlp(text)
    (att,) = doc._.attributions
    assert att.cue.text == "ﻭﻗﺎﻝ"
    assert text[att.cue.start_char:att.cue.end_char] == "ﻭﻗﺎﻝ"
    assert att.source.text == "الوزيـــر"
    assert att.contents[0].text == "الاتّفاقَ قريبٌ"


def test_nbsp_between_words(nlp):
    text = "وأكد\u00a0المتحدث\u00a0أن الوضع هادئ."
    (att,) = nlp(text)._.attributions
    assert att.speaker.text == "المتحدث"
    assert att.contents[0].text == "الوضع هادئ"


def test_accusation_content_keeps_attached_preposition(nlp):
    found = contents(nlp, "واتهم المحامي الشركة بإخفاء الوثائق.")
    assert found == [("واتهم", ["بإخفاء الوثائق"], "indirect")]


def test_quote_read_on_by_the_sentence_is_mixed(nlp):
    found = contents(nlp, 'وقال الرئيس إنه "من الممكن" أن تفرض رسوم جديدة.')
    assert found == [("وقال", ['"من الممكن" أن تفرض رسوم جديدة'], "direct")]


def test_relayed_nominal_cue_before_verb_is_dropped(nlp):
    doc = nlp("وحسب وكالة الأنباء، قال الوزير إن الاتفاق قريب.")
    assert [a.cue.text for a in doc._.attributions] == ["قال"]


def test_subject_before_its_verb_is_an_explicit_source(nlp):
    (att,) = nlp("وزير الخارجية يؤكد: لا تراجع عن الاتفاق")._.attributions
    assert att.source is not None and att.source.text == "وزير الخارجية"
    assert att.antecedent is None and not att.implicit


def test_verb_without_subject_resolves_to_an_antecedent(nlp):
    first, second = nlp('قال الوزير إن الوضع مستقر. وأضاف: "لن نتراجع".')._.attributions
    assert second.source is None and second.implicit
    assert second.antecedent.text == "الوزير" and second.speaker == first.source


def test_verbal_noun_before_a_quotation_opens_the_claim(nlp):
    # The quotation only ends a nominalised claim (mixed content), while a
    # prepositional adjunct before it leaves the quotation the whole content.
    text = 'أكد الوزير وجود خلافات مع الشركاء "حول بعض التفاصيل".'
    assert contents(nlp, text) == [
        ("أكد", ['وجود خلافات مع الشركاء "حول بعض التفاصيل"'], "mixed")
    ]
    text = 'أكد الوزير في مقابلة تلفزيونية "لن نتراجع عن القرار".'
    assert contents(nlp, text) == [("أكد", ['"لن نتراجع عن القرار"'], "direct")]


def test_description_keeps_the_attached_preposition_and_ends_with_the_term(nlp):
    found = contents(nlp, 'وأعلن الجيش مقتل القائد الذي وصفه بـ"العقل المدبر" في الهجمات الأخيرة.')
    assert ("وصفه", ['بـ"العقل المدبر"'], "mixed") in found


def test_description_with_a_bare_quoted_term(nlp):
    found = contents(nlp, 'ووصفت الوزارة القرار "خطوة متسرعة".')
    assert found == [("ووصفت", ['"خطوة متسرعة"'], "direct")]


def test_description_without_quotes_ends_at_the_comma(nlp):
    found = contents(nlp, "ووصف المحافظ المشروع بالإنجاز الكبير، مؤكدا أن العمل سيكتمل قريبا.")
    assert found[0] == ("ووصف", ["بالإنجاز الكبير"], "indirect")


def test_quotation_before_a_comma_closes_mixed_content(nlp):
    found = contents(nlp, 'مؤكدا أن الطبيب "ليس متهما"، في سياق حديثه عن القضية المرفوعة.')
    assert [c for _, c, _ in found] == [['الطبيب "ليس متهما"']]


def test_a_second_claim_after_the_comma_stays_in_the_content(nlp):
    found = contents(nlp, 'وقال المدير إن الموظفين "يعملون بجد"، وأن الرواتب سترتفع.')
    assert found == [("وقال", ['الموظفين "يعملون بجد"، وأن الرواتب سترتفع'], "mixed")]


def test_passive_description_reports_nobody(nlp):
    assert contents(nlp, 'وأطلق المرشح تصريحات وصفت بـ"المتطرفة" ضد المهاجرين.') == []


def test_by_means_of_is_not_a_reporting_frame(nlp):
    text = "وشكر الأب فريق الإنقاذ على عملية نقل ابنه التي تمت عن طريق الدفاع المدني."
    assert contents(nlp, text) == []


def test_a_meeting_is_not_a_speaker(nlp):
    assert contents(nlp, "وتطرق الاجتماع إلى “أهمية تنسيق الجهود بين الجانبين”.") == []
    found = contents(nlp, "وتطرق الوزير إلى “أهمية تنسيق الجهود بين الجانبين”.")
    assert [c for _, c, _ in found] == [["“أهمية تنسيق الجهود بين الجانبين”"]]


def test_a_cue_after_a_preposition_is_the_writers_gloss(nlp):
    found = contents(nlp, "وقال الوزير إن الحوار مستمر، في إشارة إلى الخلاف مع الجيران.")
    assert found == [("وقال", ["الحوار مستمر، في إشارة إلى الخلاف مع الجيران"], "indirect")]


def test_writers_frame_after_a_comma_ends_the_content(nlp):
    found = contents(nlp, "وقال الوزير إن الميناء سيفتح قريبا، وذلك في تغريدة نشرها على حسابه.")
    assert found == [("وقال", ["الميناء سيفتح قريبا"], "indirect")]
    found = contents(nlp, "وقال الوزير إن الميناء سيفتح قريبا، وذلك لتسهيل حركة التجارة.")
    assert found == [("وقال", ["الميناء سيفتح قريبا، وذلك لتسهيل حركة التجارة"], "indirect")]


def test_participle_with_a_nominalised_claim(nlp):
    found = contents(nlp, "ورفضت الوزارة الاتهامات، مؤكدة ضرورة احترام القانون.")
    assert ("مؤكدة", ["ضرورة احترام القانون"], "indirect") in found


def test_inner_statement_whose_subject_is_in_the_content_does_not_cut_it(nlp):
    text = "وقال المتحدث إن رئيس المجلس، سالم العلي، دعا الأعضاء إلى الاجتماع غدا."
    found = contents(nlp, text)
    assert ("وقال", ["رئيس المجلس، سالم العلي، دعا الأعضاء إلى الاجتماع غدا"], "indirect") in found
    assert ("دعا", ["الاجتماع غدا"], "indirect") in found


def test_a_bare_demonstrative_is_no_claim(nlp):
    assert contents(nlp, "ونفى المتهم ذلك، ولم توجه إليه أي تهمة.") == []


def test_addressee_before_a_nominalised_claim_is_skipped(nlp):
    found = contents(nlp, "الرئيس يؤكد لنظيره أهمية التعاون في مجال الطاقة")
    assert found == [("يؤكد", ["أهمية التعاون في مجال الطاقة"], "indirect")]


def test_adjunct_running_into_a_claim_noun(nlp):
    found = contents(nlp, "الرئيس يؤكد خلال اتصال هاتفي مع نظيره أهمية التعاون الاقتصادي.")
    assert found == [("يؤكد", ["أهمية التعاون الاقتصادي"], "indirect")]


def test_headline_after_a_related_article_teaser(nlp):
    doc = nlp("قد يهمك.. وزير المالية: الضرائب لن ترتفع هذا العام\nوقالت الوزارة إن الخطة جاهزة.")
    first = doc._.attributions[0]
    assert (first.cue.text, first.source.text, first.contents[0].text) == (
        ":", "وزير المالية", "الضرائب لن ترتفع هذا العام"
    )


def test_trailing_kama_verb_attributes_the_clause_before_it(nlp):
    found = contents(nlp, "يصل الوزير الأحد إلى باريس في زيارة تستمر يومين، كما قال مصدر حكومي.")
    assert found == [("قال", ["يصل الوزير الأحد إلى باريس في زيارة تستمر يومين"], "indirect")]
    att = nlp("يصل الوزير الأحد إلى باريس في زيارة تستمر يومين، كما قال مصدر حكومي.")._.attributions
    assert att[0].source.text == "مصدر حكومي"


def test_trailing_ala_ma_with_strict_verb(nlp):
    # ``ذكر`` needs a frame, but ``على ما ذكرت X`` closes the clause before it
    found = contents(nlp, "ستفتتح الشركة مصنعا جديدا في المدينة على ما ذكرت صحيفة محلية.")
    assert found == [("ذكرت", ["ستفتتح الشركة مصنعا جديدا في المدينة"], "indirect")]


def test_sentence_initial_kama_keeps_its_forward_content(nlp):
    assert contents(nlp, "كما قال الوزير إن الأسعار سترتفع.") == [
        ("قال", ["الأسعار سترتفع"], "indirect")
    ]
    # a bare ``كما ذكرت الصحيفة`` with no clause before it reports nothing
    assert contents(nlp, "كما ذكرت الصحيفة.") == []


def test_content_stops_before_the_opener_of_the_next_cue(nlp):
    found = contents(nlp, "وأكد الوزير دعم الحكومة للقطاع، كما قال إن الأسعار سترتفع.")
    assert found[0] == ("وأكد", ["دعم الحكومة للقطاع"], "indirect")


def test_call_with_attached_purpose_lam(nlp):
    # ``دعا X لـY``: the attached ``ل`` stays in the content, like ``بـ``
    found = contents(nlp, "ودعا المحافظ السكان للتعاون مع فرق الدفاع المدني.")
    assert found == [("ودعا", ["للتعاون مع فرق الدفاع المدني"], "indirect")]
    found = contents(nlp, "ودعت الجمعية الأهالي لحضور الاجتماع السنوي.")
    assert found == [("ودعت", ["لحضور الاجتماع السنوي"], "indirect")]


def test_lam_noun_in_the_speaker_phrase_is_no_call_frame(nlp):
    att = nlp("ودعا رئيس لجنة الصحة المواطنين إلى التبرع بالدم.")._.attributions
    assert [c.text for c in att[0].contents] == ["التبرع بالدم"]
    assert att[0].source.text.startswith("رئيس لجنة الصحة")


def test_lam_frame_needs_a_verbal_noun():
    from attrib.rules.lexicon import load_lexicon
    from attrib.text import normalize

    lex = load_lexicon()
    preps = lex.forms[normalize("دعا")].preps
    assert lex.is_prep_opener(normalize("للتنسيق"), preps)
    assert lex.is_prep_opener(normalize("لحضور"), preps)
    assert not lex.is_prep_opener(normalize("لدول"), preps)
    assert not lex.is_prep_opener(normalize("لذلك"), preps)
    assert not lex.is_prep_opener("ل", preps)


def test_holding_responsible_frame(nlp):
    # ``حمّل X المسؤولية``: the claim is the responsibility X is given
    found = contents(nlp, "وحملت الحكومة الجماعة المسلحة مسؤولية الهجوم على المركز.")
    assert found == [("وحملت", ["مسؤولية الهجوم على المركز"], "indirect")]


def test_bearing_responsibility_is_no_report(nlp):
    # ``يحمل المسؤولية`` with no object: he bears it himself
    found = contents(nlp, "وقال الوزير إنه يحمل المسؤولية عن الخطأ.")
    assert found == [("وقال", ["يحمل المسؤولية عن الخطأ"], "indirect")]


@pytest.mark.parametrize(
    "tail",
    [
        "، ما أثار جدلا واسعا في البلاد",
        "، قبل أن يغادر القاعة",
        "، وبعد ساعات من ذلك أغلقت الشرطة الطريق",
        "، في الوقت الذي تراجعت فيه الأسعار",
        "، سائلا المولى أن يحفظ البلاد",
        "، وسط تصاعد التوتر في المنطقة",
        "، خلفا للوزير السابق",
    ],
)
def test_writer_clause_after_comma_ends_the_content(nlp, tail):
    found = contents(nlp, "وقال الوزير إن المفاوضات مستمرة" + tail + ".")
    assert found == [("وقال", ["المفاوضات مستمرة"], "indirect")]


def test_rejected_manner_nominal_does_not_cut_the_content(nlp):
    # ``وفق ضوابط ...`` names no speaker: it is part of the claim
    found = contents(nlp, "وأضاف أن البرنامج يدعم الأسر المنتجة وفق ضوابط وضعتها الوزارة.")
    claim = "البرنامج يدعم الأسر المنتجة وفق ضوابط وضعتها الوزارة"
    assert found == [("وأضاف", [claim], "indirect")]


def test_pluperfect_verb_inside_the_claim_does_not_cut_it(nlp):
    # ``كانت قد طلبت``: ``قد`` after ``كان`` opens no new clause
    found = contents(nlp, "وقالت الحكومة إن الشركة كانت قد أعلنت تمديد العقد قبل شهر.")
    assert found[0] == ("وقالت", ["الشركة كانت قد أعلنت تمديد العقد قبل شهر"], "indirect")


def test_condolence_participle_ends_the_content(nlp):
    found = contents(nlp, "وشدد الوزير على ضرورة توحيد الجهود، معزيا أسر الضحايا.")
    assert found == [("وشدد", ["ضرورة توحيد الجهود"], "indirect")]


def test_outlet_with_quoted_name_before_the_preposition_frame(nlp):
    # ``كشف X لـ«الصحيفة» عن ...``: the outlet is an adjunct, عن still opens the claim
    found = contents(nlp, "وكشفت مصادر عسكرية لـ«صحيفة الوطن» عن وصول قوات إضافية إلى المدينة.")
    assert found == [("وكشفت", ["وصول قوات إضافية إلى المدينة"], "indirect")]


def test_according_to_a_rule_is_no_source(nlp):
    # ``وفقاً للقانون``: a rule, not a speaker; the claim reads on
    found = contents(nlp, "وأوضح الوزير أن المخالفين سيعاقبون وفقا للقانون المعمول به.")
    assert found == [("وأوضح", ["المخالفين سيعاقبون وفقا للقانون المعمول به"], "indirect")]


@pytest.mark.parametrize("speaker", ["لمصدر أمني", "للسلطات المحلية", "لكارلسون"])
def test_according_to_a_speaker_is_a_report(nlp, speaker):
    found = contents(nlp, "أغلقت الشرطة الطريق الرئيسي، وفقا " + speaker + ".")
    assert found == [("وفقا", ["أغلقت الشرطة الطريق الرئيسي"], "indirect")]


def test_quoted_speaker_name_before_a_colon_is_not_the_content(nlp):
    text = (
        "وقال المتحدث باسم الهيئة خالد السالم إن الحادث وقع صباحا. "
        'وأضاف "السالم": تم على الفور توجيه فرق الإسعاف إلى الموقع.'
    )
    found = contents(nlp, text)
    assert found[1] == ("وأضاف", ["تم على الفور توجيه فرق الإسعاف إلى الموقع"], "indirect")


def test_short_addressee_after_a_time_word_stays_out_of_the_content(nlp):
    # GUIDELINES: ``حذر X من Y``: the content is Y alone
    found = contents(nlp, "وحذرت الحكومة أمس الثلاثاء المناطق الجنوبية من فيضانات جديدة.")
    assert found == [("وحذرت", ["فيضانات جديدة"], "indirect")]


def test_words_governed_by_an_adjunct_are_no_addressee(nlp):
    # ``خلال جلسة بالقمة``: بـ belongs to the adjunct, the frame is أن
    text = "وصرحت هيئة الطرق في دبي، خلال جلسة بالقمة السنوية اليوم، أن المشروع سينطلق قريبا."
    assert contents(nlp, text) == [("وصرحت", ["المشروع سينطلق قريبا"], "indirect")]


def test_bare_strict_form_opening_the_subject_is_a_noun(nlp):
    atts = nlp("وأقر طالب جامعي سابق، الأربعاء، بالذنب في القضية.")._.attributions
    assert [(a.cue.text, a.source.text[:10]) for a in atts] == [("وأقر", "طالب جامعي")]


def test_statement_owner_pronoun_is_part_of_the_adjunct(nlp):
    found = contents(nlp, "وأكدت الحكومة في بيان لها اليوم تضامنها الكامل مع الجيران.")
    assert found == [("وأكدت", ["تضامنها الكامل مع الجيران"], "indirect")]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("وأدانت الدول الهجوم، مؤكدة وقوفها التام مع الضحايا.", "وقوفها التام مع الضحايا"),
        ("وعزى الوزير الأسر، ومؤكدا مضي الحكومة في خطتها.", "مضي الحكومة في خطتها"),
    ],
)
def test_participle_with_a_stance_noun(nlp, text, claim):
    found = contents(nlp, text)
    assert found[-1][1] == [claim]


def test_verbal_noun_after_an_apposed_name_is_the_claim(nlp):
    # ``قائد المركز في المدينة، اللواء فلان، استخدام ...``: the apposition ends at
    # the comma; the verbal noun after it opens the claim
    text = "ونفى قائد المركز في المدينة، اللواء سامي الخالد، استخدام القوة ضد المتظاهرين."
    assert contents(nlp, text) == [("ونفى", ["استخدام القوة ضد المتظاهرين"], "indirect")]


def test_outlet_after_the_speaker_is_skipped_before_a_bare_claim(nlp):
    text = "وقال المتحدث في تصريحات لـ «الوطن» النتائج التي تحققت كبيرة جدا."
    assert contents(nlp, text) == [("وقال", ["النتائج التي تحققت كبيرة جدا"], "indirect")]


def test_event_noun_right_after_the_verb_is_the_claim_not_the_subject(nlp):
    # ``وأكدت سقوط قتلى``: no subject, the nominalised claim opens at once
    found = contents(nlp, "وأكدت الوزارة الحادث. وأكدت سقوط قتلى وجرحى في الانفجار.")
    assert found[-1] == ("وأكدت", ["سقوط قتلى وجرحى في الانفجار"], "indirect")


def test_passive_description_names_no_speaker(nlp):
    # ``الموسم الماضي الذي وصف بـ"..."``: nobody is reported as describing it,
    # so the season is no antecedent for a later implicit speaker
    text = ('وقال الصياد إن الموسم الحالي أفضل من الموسم الماضي الذي وصف بـ"الضعيف".\n'
            "وأضاف أن الأسعار مناسبة.")
    doc = nlp(text)
    found = [(a.cue.text, a.speaker.text if a.speaker is not None else None)
             for a in doc._.attributions]
    assert found == [("وقال", "الصياد"), ("وأضاف", "الصياد")]


def test_preposition_homograph_before_a_title_is_the_verb(nlp):
    # ``عبر معالي الوزير عن``: "expressed", so the participle is the minister's
    text = ("وقال المدير إن العمل مستمر. عبر معالي الوزير عن سعادته بالافتتاح، "
            "مؤكدا أن المشروع سيخدم الأهالي.")
    found = [(a.cue.text, a.speaker.text if a.speaker is not None else None)
             for a in nlp(text)._.attributions]
    assert ("مؤكدا", "معالي الوزير") in found
    # ``عبر الهاتف``: the preposition; the subject is not the phone
    text = "وقال المدير إن العمل مستمر. عبر الهاتف تحدث الموظفون، مؤكدين أن المشروع مهم."
    found = [(a.cue.text, a.speaker.text if a.speaker is not None else None)
             for a in nlp(text)._.attributions]
    assert ("مؤكدين", "الهاتف") not in found


def test_name_with_appositive_title_is_the_sentence_subject(nlp):
    # ``ورد بسام العلي، المتحدث باسم ...``: a name opening with ب is no
    # prepositional phrase when its title follows in apposition
    text = ("وقال الوزير إن الحوار مستمر. ورد بسام العلي، المتحدث باسم الحكومة، "
            "على التصريحات مؤكدا أن الموقف ثابت.")
    found = [(a.cue.text, a.speaker.text if a.speaker is not None else None)
             for a in nlp(text)._.attributions]
    assert ("مؤكدا", "بسام العلي، المتحدث باسم الحكومة") in found


@pytest.mark.parametrize(
    "text, cue, speaker",
    [
        ("وقال المدير إن العمل مستمر. وفي إطار الزيارة، أثنى الوزير على الجهود، "
         "مؤكدا أن التعاون مستمر.", "مؤكدا", "الوزير"),
        ("وقال المدير إن العمل مستمر. على خلفية الأزمة الحادة، التي تعصف بالعلاقات، "
         "حرصت مصادر سياسية على تسريب معلومات للصحيفة، تقول: إن الاتفاق انهار.",
         "تقول", "مصادر سياسية"),
    ],
)
def test_subject_of_the_clause_after_a_fronted_adjunct(nlp, text, cue, speaker):
    found = [(a.cue.text, a.speaker.text if a.speaker is not None else None)
             for a in nlp(text)._.attributions]
    assert (cue, speaker) in found
