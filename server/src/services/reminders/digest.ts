/**
 * One recipient's e-mail: every reminder due for them in a run, as plain text and HTML. Built
 * from the license as read (name, software, seats), never from its keys.
 */
import type { ReminderKind } from '../../../../shared/constants';

export interface DigestLine {
  licenseDocumentId: string;
  name: string;
  software: string;
  kind: ReminderKind;
  dueDate: string;
  daysLeft: number;
  seats: { total: number; used: number };
}

const KIND_LABEL: Record<ReminderKind, string> = { expiration: 'License expires', support: 'Support ends' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const whenText = (daysLeft: number) => (daysLeft === 0 ? 'today' : daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`);

/** The admin page of a license: `<admin url>/plugins/license-manager/licenses/<documentId>`. */
export const licenseLink = (adminUrl: string, documentId: string) => `${adminUrl.replace(/\/$/, '')}/plugins/license-manager/licenses/${documentId}`;

export const renderDigest = (lines: DigestLine[], adminUrl: string): { subject: string; text: string; html: string } => {
  const sorted = [...lines].sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));
  const subject =
    sorted.length === 1
      ? `License reminder: ${sorted[0].name} (${KIND_LABEL[sorted[0].kind].toLowerCase()} ${whenText(sorted[0].daysLeft)})`
      : `License reminders: ${sorted.length} licenses need attention`;
  const text = [
    'These licenses need attention:',
    '',
    ...sorted.flatMap((l) => [
      `- ${l.name} (${l.software}): ${KIND_LABEL[l.kind]} on ${l.dueDate}, ${whenText(l.daysLeft)}. Seats: ${l.seats.used} of ${l.seats.total} used.`,
      `  ${licenseLink(adminUrl, l.licenseDocumentId)}`,
    ]),
    '',
    'Sent by the License Manager of your Strapi admin.',
  ].join('\n');
  const rows = sorted
    .map(
      (l) =>
        `<tr><td><a href="${escapeHtml(licenseLink(adminUrl, l.licenseDocumentId))}">${escapeHtml(l.name)}</a></td>` +
        `<td>${escapeHtml(l.software)}</td><td>${KIND_LABEL[l.kind]}</td><td>${l.dueDate}</td>` +
        `<td>${whenText(l.daysLeft)}</td><td>${l.seats.used} / ${l.seats.total}</td></tr>`,
    )
    .join('');
  const html =
    '<p>These licenses need attention:</p>' +
    '<table border="1" cellpadding="4" cellspacing="0"><thead><tr><th>License</th><th>Software</th><th>Reminder</th><th>Date</th><th>When</th><th>Seats used</th></tr></thead>' +
    `<tbody>${rows}</tbody></table><p>Sent by the License Manager of your Strapi admin.</p>`;
  return { subject, text, html };
};
