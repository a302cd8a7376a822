import type { Catalogue, Customer } from './types';

export interface ChargeLine {
  service: string;
  serviceName: string;
  option: string;
  region: string;
  quantity: number;
  unitPrice: number;
  monthly: number;
}

export interface MonthlyCharges {
  lines: ChargeLine[];
  total: number;
  /** The catalogue's currency; every example service prices in one. Mixed currencies are listed, not summed. */
  currency: string;
  /** The agreed monthly budget cap (6.4) and whether the charges stay within it. */
  budgetCap: number;
  withinBudget: boolean;
}

/**
 * What a customer pays each month (6.4): for every subscription, quantity times the option's price per unit
 * and month, as the catalogue lists it. Works on a loaded (hence cross-checked) catalogue only.
 */
export function monthlyCharges(cat: Catalogue, customer: Customer): MonthlyCharges {
  const lines = customer.subscriptions.map((sub): ChargeLine => {
    const service = cat.services.get(sub.service)!;
    const option = service.options.find((o) => o.id === sub.option)!;
    return {
      service: service.id,
      serviceName: service.name,
      option: option.id,
      region: sub.region,
      quantity: sub.quantity,
      unitPrice: option.pricePerUnitMonth,
      monthly: sub.quantity * option.pricePerUnitMonth,
    };
  });
  const currencies = [...new Set(customer.subscriptions.map((s) => cat.services.get(s.service)!.currency ?? 'EUR'))];
  // Cents, so 0.1 + 0.2 does not show as 0.30000000000000004 in an agreement.
  const total = lines.reduce((sum, l) => sum + Math.round(l.monthly * 100), 0) / 100;
  return { lines, total, currency: currencies.join('/'), budgetCap: customer.agreement.budgetCap, withinBudget: total <= customer.agreement.budgetCap };
}
