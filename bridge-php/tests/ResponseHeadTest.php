<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\ResponseHead;
use PHPUnit\Framework\TestCase;

final class ResponseHeadTest extends TestCase
{
    /**
     * @param list<string> $lines
     * @return list<int> The positions of the lines that completed the head.
     */
    private static function feed(ResponseHead $head, array $lines): array
    {
        $completed = [];
        foreach ($lines as $position => $line) {
            if ($head->add($line)) {
                $completed[] = $position;
            }
        }
        return $completed;
    }

    public function testTheHeadIsCompleteAtTheBlankLineWithStatusAndLowerCasedHeaders(): void
    {
        $head = new ResponseHead();
        $completed = self::feed($head, [
            "HTTP/1.1 200 OK\r\n",
            "Content-Type: text/csv; charset=utf-8\r\n",
            "Content-Disposition: attachment; filename=\"keywords-2026-11-25.csv\"\r\n",
            "Transfer-Encoding: chunked\r\n",
            "\r\n",
        ]);
        self::assertSame([4], $completed);
        self::assertTrue($head->isComplete());
        self::assertSame(200, $head->status());
        self::assertSame([
            'content-type' => 'text/csv; charset=utf-8',
            'content-disposition' => 'attachment; filename="keywords-2026-11-25.csv"',
            'transfer-encoding' => 'chunked',
        ], $head->headers());
    }

    public function testInterimAnswersAreSkipped(): void
    {
        $head = new ResponseHead();
        $completed = self::feed($head, [
            "HTTP/1.1 100 Continue\r\n",
            "\r\n",
            "HTTP/1.1 413 Payload Too Large\r\n",
            "Content-Type: application/json\r\n",
            "\r\n",
        ]);
        self::assertSame([4], $completed);
        self::assertSame(413, $head->status());
        self::assertSame(['content-type' => 'application/json'], $head->headers());
    }

    public function testRepeatedHeadersAreJoinedAndFoldedLinesContinueTheirHeader(): void
    {
        $head = new ResponseHead();
        self::feed($head, [
            "HTTP/2 429\r\n",
            "vary: Origin\r\n",
            "Vary: Accept-Encoding\r\n",
            "X-Note: first part\r\n",
            "\t second part\r\n",
            "not a header line\r\n",
            ": no name\r\n",
            "\r\n",
        ]);
        self::assertSame(429, $head->status());
        self::assertSame(['vary' => 'Origin, Accept-Encoding', 'x-note' => 'first part second part'], $head->headers());
    }

    public function testNothingCountsBeforeAStatusLineOrAfterTheHead(): void
    {
        $head = new ResponseHead();
        self::assertFalse($head->add("Content-Type: text/plain\r\n"));
        self::assertFalse($head->add("\r\n"));
        self::assertFalse($head->isComplete());
        self::assertSame([], $head->headers());

        self::feed($head, ["HTTP/1.1 204 No Content\r\n", "X-Request-ID: a\r\n", "\r\n"]);
        self::assertTrue($head->isComplete());
        // Trailers after a chunked body change nothing already sent.
        self::assertFalse($head->add("X-Request-ID: b\r\n"));
        self::assertFalse($head->add("\r\n"));
        self::assertSame(['x-request-id' => 'a'], $head->headers());
    }

    public function testAnAnswerCutOffBeforeItsBlankLineIsNotComplete(): void
    {
        $head = new ResponseHead();
        self::feed($head, ["HTTP/1.1 200 OK\r\n", "Content-Type: text/csv\r\n"]);
        self::assertFalse($head->isComplete());
    }
}
