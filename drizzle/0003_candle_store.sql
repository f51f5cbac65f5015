CREATE TABLE `candle_ranges` (
	`source` text NOT NULL,
	`symbol` text NOT NULL,
	`timeframe` text NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`source`, `symbol`, `timeframe`, `start_time`)
);
--> statement-breakpoint
CREATE TABLE `candles` (
	`source` text NOT NULL,
	`symbol` text NOT NULL,
	`timeframe` text NOT NULL,
	`open_time` integer NOT NULL,
	`open` real NOT NULL,
	`high` real NOT NULL,
	`low` real NOT NULL,
	`close` real NOT NULL,
	`volume` real NOT NULL,
	PRIMARY KEY(`source`, `symbol`, `timeframe`, `open_time`)
);
