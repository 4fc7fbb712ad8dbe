// An example third-party scanner: applications nobody owns. On migration someone must supply each
// application's credentials again; an application with no contact e-mail has nobody to ask.
// Run it with:  farmscan scan <export> --out <dir> --scanner samples/plugins/missing-contact.js

/** @type {import('farmscan').Scanner} */
export default {
  id: 'missing-contact',
  title: 'Applications without a contact',
  reads: ['secureStoreApplication'],
  messages: {
    noContact: 'Application {{applicationId}} has no contact e-mail: find its owner before the credentials are needed.',
    externalContact: 'Application {{applicationId}} names {{contactEmail}}, outside {{domain}}: check it is still the owner.',
  },
  scan(record, ctx) {
    const domain = process.env.FARMSCAN_CONTACT_DOMAIN;
    const email = record.contactEmail?.trim() ?? '';
    if (email === '') {
      ctx.report({ messageId: 'noContact', severity: 'warning', subject: record.applicationId, data: { applicationId: record.applicationId } });
    } else if (domain && !email.toLowerCase().endsWith(`@${domain.toLowerCase()}`)) {
      ctx.report({ messageId: 'externalContact', severity: 'info', subject: record.applicationId, data: { applicationId: record.applicationId, contactEmail: email, domain } });
    }
  },
};
