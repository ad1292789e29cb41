"""The public complaint intake shared by the public dispute kinds (wage arrears, labour-dispute
mediation, discrimination): the complaint payload, the filing action, the API and the mobile
pages where a complainant files a complaint and follows it."""
