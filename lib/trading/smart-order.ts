import "server-only";
import { env } from "@/lib/env";
import { withIdempotency } from "@/lib/http/idempotency";
import {
  accountEquity,
  bps,
  ceilDiv,
  checkOrderRisk,
  formatDecimal,
  fromNumber,
  isDust,
  pow10,
  ratio,
  sizeSmartOrder,
  toNumber,
  tradingMarket,
} from "@/lib/trading/core";
import { getBalances, listPositions, placeOrder, PriceUnavailable } from "@/lib/trading/store";
import type { SmartOrderRequestBody } from "./operations";
import { offsetPrice } from "./price-offset";
import { context, heldPrices, marketsOf, orderWire, publishOrderEvents, quoteFor, recordFillSnapshot, requireMarket } from "./service";
import { accountTodayPnl, RuleViolation } from "./today";

const ZERO = BigInt(0);

/**
 * POST /api/v1/trading/smart-order (§3.10): size a market buy from its stop with the core's
 * sizeSmartOrder, run the pre-trade checks in their order (balance, daily loss limit, max open
 * positions, position size), then buy with the stop-loss and take-profit attached: the store creates
 * them as an OCO pair under one lock in the buy's own transaction (§3.3), so a filled smart order is
 * never left without its stop, and the stop and the target never lock the coins twice.
 */
export async function placeSmartOrder(userId: string, body: SmartOrderRequestBody, headers: Headers): Promise<Response> {
  const { db, rt, trading, account, zone } = await context(userId);
  const info = await requireMarket(rt, body.symbol);
  const market = tradingMarket(info);
  const quote = await quoteFor(rt, body.symbol);
  return withIdempotency(db, { userId, route: "POST /api/v1/trading/smart-order", headers, body, transactional: true }, async (record) => {
    const q = account.quoteAsset;
    const held = await heldPrices(rt, db, account);
    const bySymbol = { ...held.bySymbol, [market.symbol]: quote.last };
    const byAsset = { ...held.byAsset, [market.base]: quote.last };
    const balances = getBalances(db, account.id);
    const marks: Record<string, { price: bigint }> = {};
    for (const [asset, b] of Object.entries(balances)) {
      if (asset === q || b.free + b.locked === ZERO) continue;
      if (byAsset[asset] === undefined) throw new PriceUnavailable(`No price to value the ${asset} holding; try again shortly.`);
      marks[asset] = { price: byAsset[asset] };
    }
    const equity = accountEquity(balances, q, marks);
    const freeQuote = balances[q]?.free ?? ZERO;
    const fee_rate = ratio(trading.fee_rate);
    const slippage = bps(trading.slippage_bps);

    // Without a stop or a target in the request, the settings' distances apply.
    // A client's price may carry more decimals than atomic units hold: rounded, never refused with a 500.
    const stop = body.stop_price !== undefined ? fromNumber(body.stop_price, market.scales.price, "down") : offsetPrice(quote.ask, body.stop_loss_pct ?? trading.stop_loss_pct, -1, market);
    const tpPct = body.take_profit_pct ?? trading.take_profit_pct;
    const takeProfit = body.take_profit_price !== undefined ? fromNumber(body.take_profit_price, market.scales.price, "up") : tpPct !== null && tpPct > 0 ? offsetPrice(quote.ask, tpPct, 1, market) : null;
    const riskPct = body.risk_pct ?? trading.risk_per_trade_pct;
    const sized = sizeSmartOrder({
      market,
      equity,
      free_quote: freeQuote,
      ask: quote.ask,
      stop_price: stop,
      take_profit_price: takeProfit,
      risk_per_trade_pct: riskPct,
      max_position_size_pct: trading.max_position_size_pct,
      fee_rate,
      slippage,
    });
    if (!sized.ok) throw new RuleViolation(sized.refusal);

    const shift = pow10(market.scales.price + market.scales.base - market.scales.quote);
    const cost = (sized.entry_price * sized.amount) / shift;
    const required = cost + ceilDiv(cost * fee_rate.num, fee_rate.den);
    const markets = await marketsOf(rt, Object.keys(bySymbol));
    const positions = listPositions(db, account.id, bySymbol, markets).filter((p) => p.amount > ZERO);
    const openSymbols = new Set(positions.filter((p) => !(markets[p.symbol] && bySymbol[p.symbol] !== undefined && isDust(p.amount, bySymbol[p.symbol], markets[p.symbol]))).map((p) => p.symbol));
    const existingValue = positions.filter((p) => p.symbol === market.symbol).reduce((s, p) => s + (p.market_value ?? ZERO), ZERO);
    const today = trading.daily_loss_limit_pct === null ? null : await accountTodayPnl(db, rt, account, zone, bySymbol);
    const check = checkOrderRisk({
      origin: "smart",
      increases_risk: true,
      opens_position: !openSymbols.has(market.symbol),
      balance: { asset: q, required, free: freeQuote, scale: market.scales.quote },
      // Today's P&L that cannot be valued (a missing close) does not block: see assertDailyLossLimit.
      daily_loss:
        today?.ok === true
          ? { daily_loss_limit_pct: trading.daily_loss_limit_pct, today_pnl: today.units.today_pnl, equity_at_day_start: today.units.equity_at_t0 }
          : { daily_loss_limit_pct: null, today_pnl: ZERO, equity_at_day_start: ZERO },
      open_positions: { count: openSymbols.size, max_open_positions: trading.max_open_positions },
      position_size: { value_after: existingValue + cost, equity, max_position_size_pct: trading.max_position_size_pct },
      quote_asset: q,
      quote_scale: market.scales.quote,
    });
    if (!check.ok) throw new RuleViolation(check.refusal);

    const sizing = {
      amount: toNumber(sized.amount, market.scales.base),
      entry_price: toNumber(sized.entry_price, market.scales.price),
      risk_amount: toNumber(sized.risk_amount, market.scales.quote),
      risk_pct: sized.risk_pct,
      reward_risk_ratio: sized.reward_risk_ratio,
      sized_by: sized.sized_by,
    };
    const terms = { market, price: { source: rt.source.id, quote }, fee_rate: trading.fee_rate, slippage_bps: trading.slippage_bps, maxPriceAgeMs: env().MAX_PRICE_AGE_S * 1000 };
    let stopOrder: ReturnType<typeof orderWire> | null = null;
    let takeProfitOrder: ReturnType<typeof orderWire> | null = null;
    const placed = placeOrder(db, {
      ...terms,
      accountId: account.id,
      request: {
        side: "buy",
        type: "market",
        amount: formatDecimal(sized.amount, market.scales.base),
        stop_loss_price: formatDecimal(stop, market.scales.price),
        take_profit_price: takeProfit === null ? null : formatDecimal(takeProfit, market.scales.price),
      },
      inTransaction: ({ order, fills, legs = [] }) => {
        publishOrderEvents(db, userId, order, fills);
        recordFillSnapshot(db, account, order, fills, byAsset);
        for (const leg of legs) publishOrderEvents(db, userId, leg, []);
        const stopLeg = legs.find((l) => l.type !== "limit");
        const targetLeg = legs.find((l) => l.type === "limit");
        stopOrder = stopLeg ? orderWire(stopLeg) : null;
        takeProfitOrder = targetLeg ? orderWire(targetLeg) : null;
        record(db, { status: 201, body: { order: orderWire(order), stop_order: stopOrder, take_profit_order: takeProfitOrder, sizing }, headers: { location: `/api/v1/trading/orders/${order.id}` } });
      },
    });
    return Response.json({ order: orderWire(placed.order), stop_order: stopOrder, take_profit_order: takeProfitOrder, sizing }, { status: 201, headers: { Location: `/api/v1/trading/orders/${placed.order.id}` } });
  });
}
