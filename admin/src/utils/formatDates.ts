/** Days and instants in the user's locale (amounts: ./money). */
import { useIntl } from 'react-intl';

/** Formats a calendar date "YYYY-MM-DD" in the user's locale, without shifting it by a time zone. */
export const useFormatDay = () => {
  const { formatDate } = useIntl();
  return (day: string | null | undefined) => (day ? formatDate(new Date(`${day}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }) : '');
};

/** Formats an instant (ISO timestamp) as date and time in the user's locale and time zone. */
export const useFormatDateTime = () => {
  const { formatDate } = useIntl();
  return (value: string | null | undefined) => (value ? formatDate(new Date(value), { dateStyle: 'medium', timeStyle: 'short' }) : '');
};
