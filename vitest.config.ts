import { defineConfig } from 'vitest/config';

// Dates are calendar days in the UK: pin the zone so "today" and overdue checks agree everywhere.
process.env['TZ'] = 'Europe/London';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
    ],
  },
});
