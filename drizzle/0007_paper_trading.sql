CREATE TABLE `paper_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`epoch` integer NOT NULL,
	`source` text NOT NULL,
	`quote_asset` text NOT NULL,
	`starting_balance` integer NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paper_accounts_user_epoch_unique` ON `paper_accounts` (`user_id`,`epoch`);--> statement-breakpoint
CREATE UNIQUE INDEX `paper_accounts_user_live_unique` ON `paper_accounts` (`user_id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE TABLE `paper_balances` (
	`account_id` text NOT NULL,
	`asset` text NOT NULL,
	`free` integer NOT NULL,
	`locked` integer NOT NULL,
	PRIMARY KEY(`account_id`, `asset`),
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "paper_balances_non_negative" CHECK(free >= 0 AND locked >= 0)
);
--> statement-breakpoint
CREATE TABLE `paper_disposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`symbol` text NOT NULL,
	`owner` text NOT NULL,
	`sell_fill_id` text NOT NULL,
	`lot_fill_id` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`disposed_at` integer NOT NULL,
	`amount` integer NOT NULL,
	`cost` integer NOT NULL,
	`proceeds` integer NOT NULL,
	`fee` integer NOT NULL,
	`realized` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paper_disposals_account_idx` ON `paper_disposals` (`account_id`,`symbol`,`disposed_at`);--> statement-breakpoint
CREATE TABLE `paper_fills` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`account_id` text NOT NULL,
	`seq` integer NOT NULL,
	`price` integer NOT NULL,
	`amount` integer NOT NULL,
	`notional` integer NOT NULL,
	`fee` integer NOT NULL,
	`fee_asset` text NOT NULL,
	`liquidity` text NOT NULL,
	`price_ts` integer NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `paper_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paper_fills_order_seq_unique` ON `paper_fills` (`order_id`,`seq`);--> statement-breakpoint
CREATE INDEX `paper_fills_account_idx` ON `paper_fills` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `paper_ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`asset` text NOT NULL,
	`bucket` text NOT NULL,
	`delta` integer NOT NULL,
	`kind` text NOT NULL,
	`order_id` text,
	`fill_id` text,
	`ts` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paper_ledger_account_asset_idx` ON `paper_ledger_entries` (`account_id`,`asset`,`ts`);--> statement-breakpoint
CREATE UNIQUE INDEX `paper_ledger_fill_unique` ON `paper_ledger_entries` (`fill_id`,`kind`,`asset`,`bucket`);--> statement-breakpoint
CREATE TABLE `paper_lots` (
	`account_id` text NOT NULL,
	`symbol` text NOT NULL,
	`owner` text NOT NULL,
	`fill_id` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`amount` integer NOT NULL,
	`cost` integer NOT NULL,
	PRIMARY KEY(`account_id`, `symbol`, `owner`, `fill_id`),
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `paper_matcher_cursors` (
	`source` text NOT NULL,
	`symbol` text NOT NULL,
	`last_minute` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`source`, `symbol`)
);
--> statement-breakpoint
CREATE TABLE `paper_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`symbol` text NOT NULL,
	`base` text NOT NULL,
	`quote` text NOT NULL,
	`side` text NOT NULL,
	`type` text NOT NULL,
	`amount` integer NOT NULL,
	`price` integer,
	`stop_price` integer,
	`trailing_delta_bps` integer,
	`activation_price` integer,
	`stop_loss_price` integer,
	`take_profit_price` integer,
	`trailing_stop_pct` real,
	`reference_price` integer NOT NULL,
	`status` text NOT NULL,
	`filled` integer NOT NULL,
	`average_price` integer,
	`fee` integer NOT NULL,
	`reject_reason` text,
	`owner` text,
	`oco_group` text,
	`trailing_state` text,
	`triggered` integer DEFAULT false NOT NULL,
	`lock_asset` text,
	`lock_amount` integer NOT NULL,
	`fee_rate` text NOT NULL,
	`slippage_bps` text NOT NULL,
	`placed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `paper_orders_account_status_idx` ON `paper_orders` (`account_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `paper_orders_status_symbol_idx` ON `paper_orders` (`status`,`symbol`);