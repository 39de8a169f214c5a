/**
 * Stripe's API over the stripe package's types: stripe-mock's fixtures and the API reference's
 * requests, judged by TypeScript against the generated decoders. Long form only: the unit is
 * refused, by design (`Stripe.Decimal` is a class with methods), and parsing the package's
 * declarations takes seconds of the CI form's budget to show just that.
 */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "stripe",
  npm: "stripe",
  version: "23.1.0",
  units: [
    {
      idl: "services.ts",
      services: ["StripeCustomers", "StripePayments", "StripeBilling"],
      ci: false,
    },
  ],
});
