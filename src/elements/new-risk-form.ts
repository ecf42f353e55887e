import { newRiskFieldMessage } from '../core/proposals/form-field-names.ts';
import { newRiskFromForm } from '../core/proposals/new-risk-form.ts';
import { formToObject } from '../http/read-input.ts';
import { CheckedForm, formParams, schemaCheck, type Check } from './checked-form.ts';
import { clearInline, errorSummary, markFields, problemsIn, type FieldProblem, type Problem } from './form-problems.ts';

/** The schema the function checks a new risk with. */
const loadRiskCheck = schemaCheck(async () => (await import('../core/schemas/risk.ts')).RiskSchema);

/**
 * Enhances the register page's "Propose a new risk" form. Without JavaScript it posts as it
 * stands, and the function answers with a page listing what to correct. With it, the risk is
 * checked against the function's own schema first, and what to correct is shown on the form
 * (GOV.UK's error summary and inline errors), keeping everything typed. A risk that passes is
 * posted as the form would post it: the function still checks it against the register and the
 * rest of the data, such as a number another risk has.
 */
export class NewRiskForm extends CheckedForm {
  static override properties = { problems: { state: true } };
  declare problems: Problem[];

  constructor() {
    super();
    this.problems = [];
  }

  protected override loadCheck(): Promise<Check> {
    return loadRiskCheck();
  }

  protected override async submit(form: HTMLFormElement): Promise<void> {
    let fields: FieldProblem[];
    try {
      fields = (await this.loadCheck())(newRiskFromForm(formToObject(formParams(form))));
    } catch {
      // The check could not be loaded: the function checks the risk all the same.
      fields = [];
    }
    if (fields.length === 0) {
      clearInline(form);
      this.problems = [];
      document.title = this.pageTitle;
      // Posts the form without another submit event.
      form.submit();
      return;
    }
    const problems = problemsIn(form, fields, newRiskFieldMessage);
    markFields(form, problems);
    document.title = `Error: ${this.pageTitle}`;
    this.problems = problems;
    this.focusNext = true;
  }

  override render() {
    return errorSummary(this.problems);
  }
}

customElements.define('new-risk-form', NewRiskForm);
