CREATE TABLE `backtest_trades` (
	`backtest_id` text NOT NULL,
	`seq` integer NOT NULL,
	`symbol` text NOT NULL,
	`side` text NOT NULL,
	`signal_at` integer NOT NULL,
	`entry_at` integer NOT NULL,
	`entry_price` real NOT NULL,
	`amount` real NOT NULL,
	`entry_fee` real NOT NULL,
	`exit_at` integer NOT NULL,
	`exit_price` real NOT NULL,
	`exit_fee` real NOT NULL,
	`exit_reason` text NOT NULL,
	`funding` real NOT NULL,
	`pnl` real NOT NULL,
	`pnl_pct` real NOT NULL,
	`holding_ms` integer NOT NULL,
	PRIMARY KEY(`backtest_id`, `seq`),
	FOREIGN KEY (`backtest_id`) REFERENCES `backtests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backtest_trades_symbol_idx` ON `backtest_trades` (`backtest_id`,`symbol`,`seq`);--> statement-breakpoint
CREATE TABLE `backtests` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`strategy_id` text NOT NULL,
	`strategy_snapshot` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`phase` text NOT NULL,
	`error` text,
	`job_id` text,
	`request` text NOT NULL,
	`source` text NOT NULL,
	`simulated` integer NOT NULL,
	`headline` text,
	`report` text,
	`equity_curve` text,
	`drawdown_curve` text,
	`equity_full` blob,
	`curve_start_at` integer,
	`curve_interval_ms` integer,
	`trades_count` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backtests_user_created_idx` ON `backtests` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `backtests_user_strategy_created_idx` ON `backtests` (`user_id`,`strategy_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `backtests_status_idx` ON `backtests` (`status`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` text NOT NULL,
	`route` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`response_headers` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `route`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_expires_idx` ON `idempotency_keys` (`expires_at`);