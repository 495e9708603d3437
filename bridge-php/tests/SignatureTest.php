<?php

/**
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Tests;

use Igny8\Bridge\Signature;
use Igny8\Bridge\SignatureException;
use PHPUnit\Framework\TestCase;

final class SignatureTest extends TestCase
{
    private const SECRET = 'a-signing-secret';
    private const NOW = 1_800_000_000;
    private const BODY = '{"content_id":12,"title":"Espresso"}';

    private int $now = self::NOW;

    private function signature(string $secret = self::SECRET): Signature
    {
        return new Signature($secret, fn (): int => $this->now);
    }

    private function assertRefused(string $code, ?string $header, string $body = self::BODY): void
    {
        try {
            $this->signature()->verify($header, $body);
            self::fail("Expected {$code}.");
        } catch (SignatureException $e) {
            self::assertSame($code, $e->errorCode);
        }
    }

    public function testHeaderFormatIsTimestampAndHexHmacOfTimestampDotBody(): void
    {
        $expected = hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET);
        self::assertSame('t=' . self::NOW . ',v1=' . $expected, $this->signature()->sign(self::BODY));
    }

    public function testValidSignatureIsAcceptedAndReturnsTheMac(): void
    {
        $header = $this->signature()->sign(self::BODY);
        self::assertSame(
            hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET),
            $this->signature()->verify($header, self::BODY)
        );
    }

    public function testEmptyBodyOfAGetIsSigned(): void
    {
        $header = $this->signature()->sign('');
        self::assertSame(64, strlen($this->signature()->verify($header, '')));
        $this->assertRefused(SignatureException::INVALID, $header, '{}');
    }

    public function testTamperedBodyIsRefused(): void
    {
        $header = $this->signature()->sign(self::BODY);
        $this->assertRefused(SignatureException::INVALID, $header, str_replace('12', '13', self::BODY));
    }

    public function testWrongSecretIsRefused(): void
    {
        $this->assertRefused(SignatureException::INVALID, $this->signature('another-secret')->sign(self::BODY));
    }

    public function testTamperedTimestampIsRefused(): void
    {
        $header = $this->signature()->sign(self::BODY);
        $moved = str_replace('t=' . self::NOW, 't=' . (self::NOW + 1), $header);
        $this->assertRefused(SignatureException::INVALID, $moved);
    }

    public function testWindowIsFiveMinutesEitherWay(): void
    {
        foreach ([-300, 300] as $skew) {
            $header = $this->signature()->sign(self::BODY, self::NOW + $skew);
            self::assertNotEmpty($this->signature()->verify($header, self::BODY), "skew {$skew}");
        }
    }

    public function testExpiredInThePastIsRefused(): void
    {
        $this->assertRefused(SignatureException::EXPIRED, $this->signature()->sign(self::BODY, self::NOW - 301));
    }

    public function testExpiredInTheFutureIsRefused(): void
    {
        $this->assertRefused(SignatureException::EXPIRED, $this->signature()->sign(self::BODY, self::NOW + 301));
    }

    public function testTheClockIsReadAtVerification(): void
    {
        $header = $this->signature()->sign(self::BODY);
        $this->now += 301;
        $this->assertRefused(SignatureException::EXPIRED, $header);
    }

    public function testMissingHeaderIsRefused(): void
    {
        $this->assertRefused(SignatureException::MISSING, null);
        $this->assertRefused(SignatureException::MISSING, '');
        $this->assertRefused(SignatureException::MISSING, '   ');
    }

    /**
     * @return array<string, array{string}>
     */
    public function malformedHeaders(): array
    {
        $mac = str_repeat('a', 64);
        return [
            'no pairs' => ['garbage'],
            'no timestamp' => ["v1={$mac}"],
            'no v1' => ['t=' . self::NOW],
            'timestamp not a number' => ["t=abc,v1={$mac}"],
            'negative timestamp' => ["t=-5,v1={$mac}"],
            'two timestamps' => ['t=' . self::NOW . ',t=' . self::NOW . ",v1={$mac}"],
            'short mac' => ['t=' . self::NOW . ',v1=abc'],
            'mac not hex' => ['t=' . self::NOW . ',v1=' . str_repeat('z', 64)],
            'empty pair' => ['t=' . self::NOW . ",,v1={$mac}"],
            'trailing newline' => ['t=' . self::NOW . ",v1={$mac}\n"],
        ];
    }

    /**
     * @dataProvider malformedHeaders
     */
    public function testMalformedHeaderIsRefusedAsInvalid(string $header): void
    {
        $this->assertRefused(SignatureException::INVALID, $header);
    }

    public function testParseAcceptsSpacesUppercaseHexExtraMacsAndUnknownSchemes(): void
    {
        $good = hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET);
        $header = 't=' . self::NOW . ', v0=legacy, v1=' . str_repeat('0', 64) . ', v1=' . strtoupper($good);
        self::assertSame([self::NOW, [str_repeat('0', 64), $good]], Signature::parse($header));
        self::assertSame($good, $this->signature()->verify($header, self::BODY));
    }

    public function testAnEmptySecretCannotSign(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new Signature('');
    }
}
