import { Type, type Static } from 'typebox';
import type { AppError } from '../errors.js';
import { reasonLabel } from '../evaluations/rating.i18n.js';
import { evaluationReasons } from '../stats/rollup-columns.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import type { PageContext } from '../web/layout.js';
import { actionLabel, caseMessages, findingLabel, transitionLabel, type CaseMessages } from './case.i18n.js';
import { actions, findings, type StaffTransition } from './case-rules.js';
import type { CaseDetail } from './case-views.service.js';
import { TransitionInput } from './cases.schema.js';

/**
 * The forms of the case page, one per step the reader may take now, and the note form. They post
 * plain fields; the rules (finding, categories, officers, action details, response) stay in the
 * service, each refusal with its catalogue code, shown beside the form with the values as entered.
 */
// The textareas' limit is the API schema's, read from it (TypeBox keeps options on the schema, untyped).
const textLimit = (TransitionInput.properties.note as { maxLength?: number }).maxLength ?? 4000;

// Codes are plain strings here (an unchosen select posts ''): the service refuses them with its own code.
export const CaseFormBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  finding: Type.Optional(Type.String({ maxLength: 40 })),
  categories: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: evaluationReasons.length })),
  officers: TransitionInput.properties.officers,
  action: Type.Optional(Type.String({ maxLength: 40 })),
  actionDetails: TransitionInput.properties.actionDetails,
  response: TransitionInput.properties.response,
  note: TransitionInput.properties.note,
});
export type CaseFormBody = Static<typeof CaseFormBody>;

export type CaseFormName = StaffTransition | 'note';

export interface CaseFormValues {
  finding: string;
  categories: readonly string[];
  officers: readonly string[];
  action: string;
  actionDetails: string;
  response: string;
  note: string;
}

export function caseFormValues(body: CaseFormBody): CaseFormValues {
  return {
    finding: body.finding ?? '', categories: body.categories ?? [], officers: body.officers ?? [], action: body.action ?? '',
    actionDetails: body.actionDetails ?? '', response: body.response ?? '', note: body.note ?? '',
  };
}

/** The service's input: empty fields left out, so that each missing one is refused by its rule. */
export function transitionInput(v: CaseFormValues): TransitionInput {
  const text = (value: string) => (value.trim() === '' ? undefined : value);
  return {
    finding: text(v.finding), categories: [...v.categories], officers: [...v.officers], action: text(v.action),
    actionDetails: text(v.actionDetails), response: text(v.response), note: text(v.note),
  };
}

/** A refused post: which form, why, and what was entered. */
export interface CaseRefusal {
  form: CaseFormName;
  error: AppError;
  values: CaseFormValues;
}

const emptyValues = caseFormValues({});

interface FormPlace {
  ctx: PageContext;
  m: CaseMessages;
  caseId: number;
  refused: CaseRefusal | undefined;
}

function textArea(p: FormPlace, form: CaseFormName, name: 'note' | 'response' | 'actionDetails', label: string, value: string, extra: { required?: boolean; hint?: string } = {}): Html {
  const id = `${form}-${name}`;
  const hints = [extra.hint, fillMessage(p.m.maxChars, { max: textLimit })].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${id}">${label}</label>
<textarea id="${id}" name="${name}" rows="4" maxlength="${textLimit}"${extra.required ? html` required` : ''} aria-describedby="${id}-hint">${value}</textarea>
<p class="hint" id="${id}-hint">${hints}</p>
</div>`;
}

function select(id: string, name: string, label: string, chosen: string, choices: readonly (readonly [string, string])[], m: CaseMessages): Html {
  return html`<div class="field">
<label for="${id}">${label}</label>
<select id="${id}" name="${name}" required>
<option value="">${m.chooseOne}</option>
${choices.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}
</select>
</div>`;
}

function checkboxes(name: string, legend: string, checked: readonly string[], choices: readonly (readonly [string, string])[]): Html {
  return html`<fieldset class="checks">
<legend>${legend}</legend>
${choices.map(([value, text]) => html`<label class="check"><input type="checkbox" name="${name}" value="${value}"${checked.includes(value) ? html` checked` : ''}> ${text}</label>`)}
</fieldset>`;
}

/** A form in its own section: its error first, posting to itself so that a refusal opens at it. */
function formSection(p: FormPlace, form: CaseFormName, title: string, button: string, fields: Html): Html {
  const error = p.refused?.form === form ? p.refused.error : undefined;
  const path = form === 'note' ? 'notes' : form;
  return html`<section class="case-form" id="form-${form}" aria-labelledby="form-${form}-title">
<h3 id="form-${form}-title">${title}</h3>
${error ? html`<div class="alert" role="alert" id="form-${form}-error"><p>${error.messageIn(p.ctx.lang)}</p><p><code>${error.code}</code></p></div>` : ''}
<form method="post" action="/cases/${p.caseId}/${path}#form-${form}"${error ? html` aria-describedby="form-${form}-error"` : ''}>
<input type="hidden" name="_csrf" value="${p.ctx.csrfToken}">
${fields}
<p><button type="submit">${button}</button></p>
</form>
</section>`;
}

function conclusionFields(p: FormPlace, detail: CaseDetail, v: CaseFormValues): Html {
  const { lang } = p.ctx;
  const given = detail.evaluation?.reasons ?? [];
  const categories = (given.length > 0 ? given : evaluationReasons).map((r) => [r, reasonLabel(lang, r)] as const);
  const officers = [...new Map(detail.handlers.map((h) => [h.officerCode, `${h.officerName} (${h.officerCode})`])).entries()];
  return html`${select('conclude-finding', 'finding', p.m.finding, v.finding, findings.map((f) => [f, findingLabel(lang, f)] as const), p.m)}
${checkboxes('categories', p.m.categoriesLegend, v.categories, categories)}
${officers.length > 0 ? checkboxes('officers', p.m.officersLegend, v.officers, officers) : ''}
${select('conclude-action', 'action', p.m.action, v.action, actions.map((a) => [a, actionLabel(lang, a)] as const), p.m)}
${textArea(p, 'conclude', 'actionDetails', p.m.actionDetails, v.actionDetails, { hint: p.m.actionDetailsHint })}`;
}

/** The form of one step; fields entered before a refusal are shown again. */
function transitionForm(p: FormPlace, detail: CaseDetail, transition: StaffTransition): Html {
  const v = p.refused?.form === transition ? p.refused.values : emptyValues;
  const words = transitionLabel(p.ctx.lang, transition);
  const note = textArea(p, transition, 'note', p.m.noteOptional, v.note);
  switch (transition) {
    case 'conclude':
      return formSection(p, transition, words.title, words.button, html`${conclusionFields(p, detail, v)}${note}`);
    case 'respond':
      return formSection(p, transition, words.title, words.button,
        textArea(p, transition, 'response', p.m.responseLabel, v.response, { required: true, hint: p.m.responseHint }));
    default:
      return formSection(p, transition, words.title, words.button, note);
  }
}

/** A form for each step the reader may take now. */
export function caseActionForms(ctx: PageContext, detail: CaseDetail, steps: readonly StaffTransition[], refused?: CaseRefusal): Html {
  const p: FormPlace = { ctx, m: caseMessages(ctx.lang), caseId: detail.id, refused };
  return html`${steps.map((t) => transitionForm(p, detail, t))}`;
}

export function caseNoteForm(ctx: PageContext, detail: CaseDetail, refused?: CaseRefusal): Html {
  const p: FormPlace = { ctx, m: caseMessages(ctx.lang), caseId: detail.id, refused };
  const v = refused?.form === 'note' ? refused.values : emptyValues;
  return formSection(p, 'note', p.m.notesTitle, p.m.addNote, textArea(p, 'note', 'note', p.m.noteLabel, v.note, { required: true, hint: p.m.noteHint }));
}
