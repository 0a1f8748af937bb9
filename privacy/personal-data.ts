/**
 * The one place personal data is sealed and revealed (docs/privacy.md, "How erasure works").
 *
 * Intake seals: the customer's id becomes their opaque key, and their name, phone and e-mail become tokens
 * sealed with their data key (privacy/sealed-field.ts) before anything reaches Temporal. From there on the
 * workflow, its history, the projections and the outbox hold only the key and the tokens.
 *
 * Readers reveal: an answer for someone allowed to read the case has its tokens opened and its customer key
 * turned back into the id, in one query for every customer the answer names. Once a customer is erased,
 * their key opens nothing, and every field shows "[erased]".
 */
import type { Pool } from 'pg';
import { parseCodecKey } from '../codec/aes-gcm';
import type { Customer } from '../contract/customer';
import { customerByCustomerId, customerKeyRow, customerKeyRows, type CustomerKeyRow } from '../db/customers';
import { DataKeyWrapper } from './data-keys';
import {
  CUSTOMER_KEY_PATTERN,
  ERASED,
  SEALED_PATTERN,
  newCustomerKey,
  newDataKey,
  open,
  seal,
} from './sealed-field';

/** The customer's fields that are sealed: what identifies or reaches a person. */
export const SEALED_CUSTOMER_FIELDS = ['name', 'phone', 'email'] as const;

/** The payload keys that wrap data keys, from the same settings as the codec. */
export interface PersonalDataSettings {
  codecKey?: string | undefined;
  oldCodecKeys?: readonly string[] | undefined;
}

export class PersonalData {
  private readonly wrapper: DataKeyWrapper;

  constructor(
    private readonly pool: Pool,
    settings: PersonalDataSettings = {},
  ) {
    const keys = settings.codecKey ? [settings.codecKey, ...(settings.oldCodecKeys ?? [])] : [];
    this.wrapper = new DataKeyWrapper(keys.map(parseCodecKey));
  }

  /**
   * The customer as the workflow gets it: `id` their opaque key (made on first contact), personal fields
   * sealed. Tier and language stay readable: the engine decides on them and they identify no one.
   */
  async sealCustomer(customer: Customer): Promise<Customer> {
    const row = await this.rowOf(customer.id);
    const dataKey = this.wrapper.unwrap(row.dataKey!, row.kekId!);
    const sealed: Customer = { ...customer, id: row.key };
    for (const field of SEALED_CUSTOMER_FIELDS) {
      const value = customer[field];
      if (value !== undefined) sealed[field] = seal(row.key, dataKey, value);
    }
    return sealed;
  }

  /** Seals any text of a customer's case (a message, a survey comment) with their key, known by the key. */
  async sealFor(customerKey: string, text: string): Promise<string> {
    if (!CUSTOMER_KEY_PATTERN.test(customerKey)) return text;
    const [row] = await customerKeyRows(this.pool, [customerKey]);
    if (!row?.dataKey) return text;
    return seal(row.key, this.wrapper.unwrap(row.dataKey, row.kekId!), text);
  }

  /** The opaque key of a customer id (for filters), undefined when caseflow has not seen it or it is erased. */
  async customerKeyOf(customerId: string): Promise<string | undefined> {
    return (await customerByCustomerId(this.pool, customerId))?.key;
  }

  /**
   * `value` with every sealed token opened (or "[erased]") and every customer key under a `customer`
   * property turned back into the customer's id (or "[erased]"). Values without either come back as they
   * are, without a query; cases opened before sealing existed carry plain fields and pass through.
   */
  async reveal<T>(value: T): Promise<T> {
    const keys = new Set<string>();
    collectKeys(value, false, keys);
    if (!keys.size) return value;
    const rows = new Map((await customerKeyRows(this.pool, [...keys])).map((r) => [r.key, r]));
    const dataKeys = new Map<string, Buffer | undefined>();
    const dataKeyOf = (key: string): Buffer | undefined => {
      if (!dataKeys.has(key)) {
        const row = rows.get(key);
        dataKeys.set(key, row?.dataKey ? this.wrapper.unwrap(row.dataKey, row.kekId!) : undefined);
      }
      return dataKeys.get(key);
    };
    const openText = (text: string): string =>
      text.replace(SEALED_PATTERN, (token: string, key: string, bytes: string, at: number) => {
        const dataKey = dataKeyOf(key);
        const opened = (dataKey && open(key, dataKey, bytes)) ?? ERASED;
        // A token quoted inside a longer text is a JSON string in JSON text (the "survey answered"
        // decision's answers): opened, it is escaped as one, so that text stays valid JSON.
        const quoted = text.length > token.length && text[at - 1] === '"' && text[at + token.length] === '"';
        return quoted ? JSON.stringify(opened).slice(1, -1) : opened;
      });
    const idOf = (key: string): string => rows.get(key)?.customerId ?? ERASED;
    return mapStrings(value, false, openText, idOf) as T;
  }

  private async rowOf(customerId: string): Promise<CustomerKeyRow> {
    const dataKey = newDataKey();
    const { wrapped, kekId } = this.wrapper.wrap(dataKey);
    return customerKeyRow(this.pool, customerId, { key: newCustomerKey(), dataKey: wrapped, kekId });
  }
}

/** Customer keys named by tokens anywhere in `value`, or standing as a customer (`customer` or `customer.id`). */
function collectKeys(value: unknown, underCustomer: boolean, keys: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(SEALED_PATTERN)) keys.add(match[1]!);
    if (underCustomer && CUSTOMER_KEY_PATTERN.test(value)) keys.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, false, keys);
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      collectKeys(item, name === 'customer' || (underCustomer && name === 'id'), keys);
    }
  }
}

function mapStrings(
  value: unknown,
  underCustomer: boolean,
  openText: (text: string) => string,
  idOf: (key: string) => string,
): unknown {
  if (typeof value === 'string') {
    if (underCustomer && CUSTOMER_KEY_PATTERN.test(value)) return idOf(value);
    return value.includes('pd1:') ? openText(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, false, openText, idOf));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        name,
        mapStrings(item, name === 'customer' || (underCustomer && name === 'id'), openText, idOf),
      ]),
    );
  }
  return value;
}
