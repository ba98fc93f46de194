/**
 * What an assignment uses of a license's seats (docs/domain.md, "Seats"): one seat per person or
 * computer, and for hardware-counted licenses the units a vendor counts on the asset. Pure and exact:
 * the core factor is a decimal, the product is rounded up as vendors do (Oracle's 0.5 × 3 cores is 2).
 * Shared: the server counts with it, and the assign dialog shows what a server will use before it is sent.
 */
import Decimal from 'decimal.js';
import { HARDWARE_MODELS, type AssignmentModel } from './constants';

/** An asset as a per-core or per-processor license counts it. */
export interface Hardware {
  processors: number;
  /** Unknown: the asset cannot take a per-core license. */
  coresPerProcessor: number | null;
}

/** A per-core license's counting terms. */
export interface CoreTerms {
  /** An exact decimal, 0.25..4 (Oracle's core factor table; 1 for most vendors). */
  coreFactor: Decimal.Value;
  minCoresPerProcessor: number;
  minCoresPerServer: number;
}

/**
 * The cores a per-core license counts on an asset: its cores times the factor, rounded up, but at
 * least the minimum per processor on each processor and the minimum per server (Microsoft's 8 and 16).
 * Null when the asset's cores are unknown.
 */
export const coreUnits = (asset: Hardware, terms: CoreTerms): number | null => {
  if (asset.coresPerProcessor === null) return null;
  const counted = new Decimal(asset.processors).times(asset.coresPerProcessor).times(terms.coreFactor).ceil().toNumber();
  return Math.max(counted, asset.processors * terms.minCoresPerProcessor, terms.minCoresPerServer);
};

/** The processors a per-processor license counts on an asset. */
export const processorUnits = (asset: Hardware): number => asset.processors;

/** A license as the unit formula reads it: its model and, for per-core, its terms. */
export interface CountingTerms extends CoreTerms {
  assignmentModel: AssignmentModel;
}

/**
 * The units an asset assignment uses of a license's seats: its cores or processors under the
 * hardware models, 1 under the others. Null: a per-core license on an asset whose cores are unknown.
 */
export const unitsOf = (license: CountingTerms, asset: Hardware): number | null => {
  if (license.assignmentModel === 'per_core') return coreUnits(asset, license);
  if (license.assignmentModel === 'per_processor') return processorUnits(asset);
  return 1;
};

/** Whether a model counts an asset's hardware (and so takes assets only). */
export const countsHardware = (model: AssignmentModel): boolean => (HARDWARE_MODELS as readonly AssignmentModel[]).includes(model);
