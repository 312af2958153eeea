import { describe, expect, it } from 'vitest';
import { cronInWords } from './cron-words.js';

describe('cronInWords', () => {
  it('reads the common schedules in French and English', () => {
    expect(cronInWords('0 2 * * *', 'fr')).toBe('tous les jours à 02:00');
    expect(cronInWords('0 2 * * *', 'en')).toBe('every day at 02:00');
    expect(cronInWords('0 */6 * * *', 'fr')).toBe('toutes les 6 heures');
    expect(cronInWords('15 */6 * * *', 'en')).toBe('every 6 hours (at minute 15)');
    expect(cronInWords('0 5 * * 0', 'fr')).toBe('chaque dimanche à 05:00');
    expect(cronInWords('30 23 * * 7', 'en')).toBe('every Sunday at 23:30');
    expect(cronInWords('0 3 1 * *', 'fr')).toBe('le 1 de chaque mois à 03:00');
    expect(cronInWords('0 1 * * 1-5', 'en')).toBe('Monday to Friday at 01:00');
  });

  it('gives no words for what it cannot say exactly, rather than something wrong', () => {
    expect(cronInWords('0 2 * 1 *', 'fr')).toBeNull();
    expect(cronInWords('*/5 * * * *', 'fr')).toBeNull();
    expect(cronInWords('0 2,14 * * *', 'en')).toBeNull();
    expect(cronInWords('0 2 * *', 'en')).toBeNull();
  });
});
