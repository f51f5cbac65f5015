CREATE TABLE `paper_equity_snapshots` (
	`account_id` text NOT NULL,
	`ts` integer NOT NULL,
	`equity` integer NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `paper_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paper_equity_snapshots_unique` ON `paper_equity_snapshots` (`account_id`,`ts`,`kind`);