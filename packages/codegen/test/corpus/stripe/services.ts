/**
 * Stripe customers, payments and billing over the `stripe` package's types (`Stripe.*`):
 * expandable fields (`string | Stripe.Customer`), `Stripe.Emptyable<T>` (`null | '' | T`),
 * `Stripe.Metadata` records, deleted-object unions and list envelopes.
 */
import type Stripe from "stripe";

export interface StripeCustomers {
  createCustomer(params: Stripe.CustomerCreateParams): Promise<Stripe.Customer>;
  retrieveCustomer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer>;
  updateCustomer(id: string, params: Stripe.CustomerUpdateParams): Promise<Stripe.Customer>;
}

export interface StripePayments {
  createPaymentIntent(params: Stripe.PaymentIntentCreateParams): Promise<Stripe.PaymentIntent>;
  retrievePaymentIntent(id: string): Promise<Stripe.PaymentIntent>;
  retrieveCharge(id: string): Promise<Stripe.Charge>;
  createRefund(params: Stripe.RefundCreateParams): Promise<Stripe.Refund>;
  retrievePaymentMethod(id: string): Promise<Stripe.PaymentMethod>;
}

export interface StripeBilling {
  retrieveProduct(id: string): Promise<Stripe.Product>;
  listPrices(params: Stripe.PriceListParams): Promise<Stripe.ApiList<Stripe.Price>>;
  retrieveSubscription(id: string): Promise<Stripe.Subscription>;
  retrieveInvoice(id: string): Promise<Stripe.Invoice>;
}
