/**
 * The language of a case, for what its customer sees (the survey page, issue 14). A case has no language
 * field: intake may give the customer's (`customer.language`); otherwise a subject written in Chinese (Han
 * characters) says zh. Undefined when neither says: the page then asks the browser.
 */
import type { CustomerLanguage } from '../contract';

const han = /\p{Script=Han}/u;

export function caseLanguage(view: {
  customer?: { language?: CustomerLanguage | undefined };
  subject?: string;
}): CustomerLanguage | undefined {
  if (view.customer?.language) return view.customer.language;
  if (view.subject !== undefined && han.test(view.subject)) return 'zh';
  return undefined;
}
