/**
 * A further purchase of a license (docs/domain.md, "Purchases"): renewals, top-ups, subscription terms.
 * The license's own purchase fields stay its first purchase.
 */
import { BILLINGS, UID } from '../../../shared/constants';
import { collection, manyToOne, text } from './define';

export default collection(
  'license-purchase',
  'license-purchases',
  'License purchase',
  {
    license: manyToOne(UID.license, { required: true }),
    quantity: { type: 'integer', required: true, min: 1 },
    purchaseDate: { type: 'date' },
    orderNumber: text(),
    invoiceNumber: text(),
    supplier: manyToOne(UID.organization),
    netUnitPrice: { type: 'decimal', column: { args: [14, 2] } },
    vatRate: { type: 'decimal', column: { args: [5, 2] } },
    grossUnitPrice: { type: 'decimal', column: { args: [14, 2] } },
    currency: text(3),
    termStart: { type: 'date' },
    termEnd: { type: 'date' },
    supportEnd: { type: 'date' },
    billing: { type: 'enumeration', enum: [...BILLINGS], default: 'one_time', required: true },
    autoRenew: { type: 'boolean', default: false },
    notes: { type: 'text' },
    // The periods its term is paid for (domain/purchases periodsIn), kept as on the license.
    periods: { type: 'integer', min: 1, private: true, configurable: false },
  },
  [
    // A license's purchases in term order (its reads, its seat total, the renewal's "next term").
    { name: 'lm_purchases_license_idx', columns: ['license_id', 'term_start'] },
    // A supplier in use, counted before its delete.
    { name: 'lm_purchases_supplier_idx', columns: ['supplier_id'] },
  ],
);
