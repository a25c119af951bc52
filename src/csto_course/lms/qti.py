"""Question banks as a QTI 1.2 zip that Canvas imports (Settings > Import course content > QTI .zip).

One assessment per lesson, in Canvas's profile of QTI 1.2 (the ``question_type``
metadata Canvas reads): single_choice -> multiple_choice_question,
multiple_select -> multiple_answers_question, true_false ->
true_false_question, numeric -> numerical_question (exact answer with its
tolerance as a range), short_text -> short_answer_question (each accepted
answer and its simplified form), matching -> matching_question, and ordering
-> matching_question of each item to its position ("1st", "2nd", ...), since
QTI 1.2 in Canvas has no ordering question. Every item carries the
explanation and the source as its general feedback.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

from ..quiz.types.short_text import simplify
from .moodle_xml import POSITIONS
from .text import feedback_html, plain, to_html

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_TYPES = {
    "single_choice": "multiple_choice_question",
    "multiple_select": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
    "short_text": "short_answer_question",
    "matching": "matching_question",
    "ordering": "matching_question",
}


def ident(*parts: str) -> str:
    return "g" + hashlib.sha256("/".join(parts).encode()).hexdigest()[:24]


def _mattext(parent: ET.Element, html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = html


def _meta(item: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _condition(processing: ET.Element, tests: list[tuple[str, str, str]], score: str, action: str = "Set", cont: str = "No") -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": cont})
    variables = ET.SubElement(condition, "conditionvar")
    for tag, respident, value in tests:
        ET.SubElement(variables, tag, {"respident": respident}).text = value
    ET.SubElement(condition, "setvar", {"action": action, "varname": "SCORE"}).text = score


def _choices(parent: ET.Element, response: str, cardinality: str, labels: list[tuple[str, str]]) -> None:
    lid = ET.SubElement(parent, "response_lid", {"ident": response, "rcardinality": cardinality})
    render = ET.SubElement(lid, "render_choice")
    for label_id, text in labels:
        label = ET.SubElement(render, "response_label", {"ident": label_id})
        _mattext(label, to_html(text))


def item(lesson: str, q) -> ET.Element:
    element = ET.Element("item", {"ident": ident(lesson, q.id), "title": f"{lesson}: {q.id}"})
    _meta(element, {"question_type": CANVAS_TYPES[q.kind], "points_possible": "1", "csto_question_id": f"{lesson}/{q.id}"})
    presentation = ET.SubElement(element, "presentation")
    _mattext(presentation, to_html(q.prompt))
    processing = ET.SubElement(element, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    general = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(general, "conditionvar"), "other")
    ET.SubElement(general, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})

    kind = q.kind
    if kind in ("single_choice", "true_false"):
        options = q.options if kind == "single_choice" else ["True", "False"]
        right = str(q.spec["answer"]) if kind == "single_choice" else ("True" if q.spec["answer"] else "False")
        labels = [(ident(lesson, q.id, o), o) for o in options]
        _choices(presentation, "response1", "Single", labels)
        _condition(processing, [("varequal", "response1", ident(lesson, q.id, right))], "100")
    elif kind == "multiple_select":
        labels = [(ident(lesson, q.id, o), o) for o in q.options]
        _choices(presentation, "response1", "Multiple", labels)
        condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
        both = ET.SubElement(ET.SubElement(condition, "conditionvar"), "and")
        for label_id, text in labels:
            test = (
                ET.SubElement(both, "varequal", {"respident": "response1"})
                if text in q.answers
                else ET.SubElement(ET.SubElement(both, "not"), "varequal", {"respident": "response1"})
            )
            test.text = label_id
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    elif kind == "numeric":
        response = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}), "response_label", {"ident": "answer1"})
        condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
        either = ET.SubElement(ET.SubElement(condition, "conditionvar"), "or")
        ET.SubElement(either, "varequal", {"respident": "response1"}).text = f"{q.answer:g}"
        within = ET.SubElement(either, "and")
        ET.SubElement(within, "vargte", {"respident": "response1"}).text = f"{q.answer - q.tolerance:g}"
        ET.SubElement(within, "varlte", {"respident": "response1"}).text = f"{q.answer + q.tolerance:g}"
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    elif kind == "short_text":
        response = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(ET.SubElement(response, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
        accepted = list(dict.fromkeys(q.accepted + [simplify(a) for a in q.accepted]))
        condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
        either = ET.SubElement(ET.SubElement(condition, "conditionvar"), "or")  # any one of them
        for a in accepted:
            ET.SubElement(either, "varequal", {"respident": "response1"}).text = plain(a)
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    elif kind in ("matching", "ordering"):
        pairs = q.pairs if kind == "matching" else {it: POSITIONS[i] for i, it in enumerate(q.items)}
        rights = list(dict.fromkeys(pairs.values()))
        share = f"{100 / len(pairs):.4f}"
        for left, right in pairs.items():
            response_id = f"response_{ident(lesson, q.id, 'left', left)}"
            lid = ET.SubElement(presentation, "response_lid", {"ident": response_id})
            _mattext(lid, to_html(left))
            render = ET.SubElement(lid, "render_choice")
            for option in rights:
                label = ET.SubElement(render, "response_label", {"ident": ident(lesson, q.id, "right", option)})
                _mattext(label, to_html(option))
            _condition(processing, [("varequal", response_id, ident(lesson, q.id, "right", right))], share, action="Add", cont="Yes")
    else:
        raise ValueError(f"no QTI form for question type {kind!r}")
    feedback = ET.SubElement(element, "itemfeedback", {"ident": "general_fb"})
    _mattext(ET.SubElement(feedback, "flow_mat"), feedback_html(q.explanation, q.source or q.source_id))
    return element


def assessment(bank) -> str:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    test = ET.SubElement(root, "assessment", {"ident": ident(bank.lesson), "title": bank.title})
    section = ET.SubElement(test, "section", {"ident": "root_section"})
    for q in bank.questions:
        section.append(item(bank.lesson, q))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def manifest(banks) -> str:
    root = ET.Element(
        "manifest",
        {"identifier": ident("manifest", *[b.lesson for b in banks]), "xmlns": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"},
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for bank in banks:
        quiz = ident(bank.lesson)
        resource = ET.SubElement(resources, "resource", {"identifier": quiz, "type": "imsqti_xmlv1p2"})
        ET.SubElement(resource, "file", {"href": f"{quiz}/{quiz}.xml"})
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def qti_zip(banks) -> bytes:
    """The zip Canvas imports: imsmanifest.xml and one assessment per bank."""
    buffer = io.BytesIO()
    files = {"imsmanifest.xml": manifest(banks)}
    files.update({f"{ident(b.lesson)}/{ident(b.lesson)}.xml": assessment(b) for b in banks})
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():  # a fixed date: the same banks give the same bytes
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()
