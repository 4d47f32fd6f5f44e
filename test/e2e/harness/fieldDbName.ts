/** The app's database in the field harness page, one per browser context (a laptop). */
export const FIELD_DB_NAME = 'ro-field-sync';
