import type { DeliveryStatus } from '../api/types';

export function ActiveBadge({ active }: { active: boolean }) {
  return <span class={`badge ${active ? 'ok' : 'off'}`}>{active ? 'Active' : 'Disabled'}</span>;
}

const STATUS_CLASS: Record<DeliveryStatus, string> = { success: 'ok', failed: 'bad', pending: 'wait' };

export function StatusBadge({ status }: { status: DeliveryStatus }) {
  return <span class={`badge ${STATUS_CLASS[status]}`}>{status}</span>;
}
