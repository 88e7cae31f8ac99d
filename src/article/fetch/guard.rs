//! The address guard: which hosts and addresses a fetch may never reach.
//!
//! Everything here is a pure function of its input, so every range can be
//! tested without sending a single packet. Two places call it: the fetcher
//! (for IP-literal hosts, which never reach a resolver) and the resolver (for
//! names, and for every address a name resolves to).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address or host name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    Multicast,
    Broadcast,
    Unspecified,
    /// 100.64.0.0/10, shared by carrier-grade NAT and some cloud internals.
    CarrierGradeNat,
    /// A cloud instance-metadata endpoint (see [`METADATA_ADDRESSES`]).
    Metadata,
    Documentation,
    Benchmarking,
    /// Reserved, deprecated or otherwise not globally routable.
    Reserved,
    /// An IPv6 address that carries an IPv4 one (mapped, compatible, Teredo);
    /// refused outright because the IPv4 address it reaches is easy to hide.
    EmbeddedIpv4,
    /// `localhost`, `*.localhost`, `*.local`, single-label names and the like.
    LocalName,
}

impl BlockReason {
    /// The phrase completing "blocked: X is ...".
    pub fn describe(self) -> &'static str {
        match self {
            BlockReason::Loopback => "a loopback address",
            BlockReason::Private => "a private address",
            BlockReason::LinkLocal => "a link-local address",
            BlockReason::UniqueLocal => "a unique-local (private IPv6) address",
            BlockReason::Multicast => "a multicast address",
            BlockReason::Broadcast => "the broadcast address",
            BlockReason::Unspecified => "the unspecified address",
            BlockReason::CarrierGradeNat => "a carrier-grade NAT address",
            BlockReason::Metadata => "a cloud metadata address",
            BlockReason::Documentation => "a documentation address",
            BlockReason::Benchmarking => "a benchmarking address",
            BlockReason::Reserved => "a reserved address",
            BlockReason::EmbeddedIpv4 => "an IPv6 address wrapping an IPv4 one",
            BlockReason::LocalName => "a local host name",
        }
    }
}

impl fmt::Display for BlockReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A refused host: what was refused and why. Displayed as
/// "10.0.0.5 is a private address".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Blocked {
    /// The name or address as the URL gave it (or as a resolver returned it).
    pub host: String,
    pub reason: BlockReason,
    /// For IPv6 addresses wrapping an IPv4 one, the wrapped address.
    pub via: Option<Ipv4Addr>,
    /// For an address a name resolved to, that name.
    pub resolved_from: Option<String>,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.host)?;
        if let Some(name) = &self.resolved_from {
            write!(f, " (the address of {name})")?;
        }
        write!(f, " is {}", self.reason)?;
        if let Some(ip) = self.via {
            write!(f, " ({ip} inside)")?;
        }
        Ok(())
    }
}

/// What the guard lets through: everything (tests serving from 127.0.0.1
/// with the guard explicitly off), or public addresses plus an explicit list
/// of exact exempt addresses.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    pub allow_all: bool,
    pub exempt: Vec<IpAddr>,
}

impl AddressPolicy {
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Blocked> {
        if self.allow_all || self.exempt.contains(&ip) {
            return Ok(());
        }
        check_ip(ip)
    }

    /// Local names stay refused even when an address is exempt: exemptions
    /// name addresses, never names.
    pub fn check_name(&self, name: &str) -> Result<(), Blocked> {
        if self.allow_all {
            return Ok(());
        }
        check_name(name)
    }
}

/// Cloud instance-metadata endpoints. Most sit inside ranges refused anyway;
/// they are listed so the message says what the address really is, and
/// because Azure's WireServer (168.63.129.16) is public address space.
pub const METADATA_ADDRESSES: &[IpAddr] = &[
    // AWS, GCP, Azure, OpenStack, DigitalOcean, ... IMDS.
    IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254)),
    // AWS ECS task metadata.
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 2)),
    // Azure WireServer.
    IpAddr::V4(Ipv4Addr::new(168, 63, 129, 16)),
    // Alibaba Cloud.
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
    // Oracle Cloud (legacy).
    IpAddr::V4(Ipv4Addr::new(192, 0, 0, 192)),
    // AWS IMDS over IPv6.
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
];

/// Name suffixes that only ever mean "a machine near you": RFC 6761/6762,
/// RFC 8375 and ICANN's private-use `.internal`. Compared label-wise, so
/// `localhost` and `a.localhost` match but `notlocalhost.com` does not.
const LOCAL_NAME_SUFFIXES: &[&str] = &[
    "localhost",
    "localdomain",
    "local",
    "internal",
    "home.arpa",
    "ip6-localhost",
    "ip6-loopback",
];

/// Why `ip` must not be reached, or `None` when it is a public address.
pub fn classify_ip(ip: IpAddr) -> Option<BlockReason> {
    classify(ip).map(|(reason, _)| reason)
}

fn classify(ip: IpAddr) -> Option<(BlockReason, Option<Ipv4Addr>)> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4).map(|reason| (reason, None)),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

/// Check one address, naming it in the refusal.
pub fn check_ip(ip: IpAddr) -> Result<(), Blocked> {
    match classify(ip) {
        None => Ok(()),
        Some((reason, via)) => Err(Blocked {
            host: ip.to_string(),
            reason,
            via,
            resolved_from: None,
        }),
    }
}

/// Check a host name (as a URL gives it, in lower-case ASCII/punycode) before
/// it is resolved: names that only mean local machines are refused by name.
pub fn check_name(name: &str) -> Result<(), Blocked> {
    let bare = name.trim_end_matches('.').to_ascii_lowercase();
    let local = !bare.contains('.')
        || LOCAL_NAME_SUFFIXES
            .iter()
            .any(|suffix| bare == *suffix || bare.ends_with(&format!(".{suffix}")));
    if local {
        return Err(Blocked {
            host: name.to_string(),
            reason: BlockReason::LocalName,
            via: None,
            resolved_from: None,
        });
    }
    Ok(())
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn classify_v4(ip: Ipv4Addr) -> Option<BlockReason> {
    use BlockReason::*;
    if METADATA_ADDRESSES.contains(&IpAddr::V4(ip)) {
        return Some(Metadata);
    }
    // Ordered most specific first where ranges nest.
    const RANGES: &[([u8; 4], u32, BlockReason)] = &[
        ([0, 0, 0, 0], 32, Unspecified),
        ([0, 0, 0, 0], 8, Reserved), // "this network"
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, CarrierGradeNat),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, Reserved), // IETF protocol assignments
        ([192, 0, 2, 0], 24, Documentation),
        ([192, 88, 99, 0], 24, Reserved), // deprecated 6to4 relay anycast
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Benchmarking),
        ([198, 51, 100, 0], 24, Documentation),
        ([203, 0, 113, 0], 24, Documentation),
        ([224, 0, 0, 0], 4, Multicast),
        ([255, 255, 255, 255], 32, Broadcast),
        ([240, 0, 0, 0], 4, Reserved),
    ];
    RANGES
        .iter()
        .find(|(net, prefix, _)| in_v4(ip, *net, *prefix))
        .map(|(_, _, reason)| *reason)
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - prefix)
    };
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

/// The reason an IPv6 address is refused and, when it wraps an IPv4 address,
/// that address.
fn classify_v6(ip: Ipv6Addr) -> Option<(BlockReason, Option<Ipv4Addr>)> {
    use BlockReason::*;
    let bits = u128::from(ip);
    let low_v4 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);

    if METADATA_ADDRESSES.contains(&IpAddr::V6(ip)) {
        return Some((Metadata, None));
    }
    if ip.is_unspecified() {
        return Some((Unspecified, None));
    }
    if ip.is_loopback() {
        return Some((Loopback, None));
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4
    // address itself on a dual-stack host: name the wrapped address's own
    // reason when it has one, and refuse them all regardless.
    if in_v6(ip, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96) || in_v6(ip, [0; 8], 96) {
        let reason = classify_v4(low_v4).unwrap_or(EmbeddedIpv4);
        return Some((reason, Some(low_v4)));
    }
    // NAT64 (64:ff9b::/96) is how IPv6-only networks reach public IPv4
    // sites, so it is allowed when the wrapped address is itself public.
    if in_v6(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96) {
        return classify_v4(low_v4).map(|reason| (reason, Some(low_v4)));
    }
    // 6to4 (2002::/16) carries the IPv4 address in bits 16..48.
    if in_v6(ip, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        let wrapped = Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32);
        return classify_v4(wrapped).map(|reason| (reason, Some(wrapped)));
    }
    const RANGES: &[([u16; 8], u32, BlockReason)] = &[
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Reserved), // local-use NAT64
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Reserved),     // discard-only
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, EmbeddedIpv4), // Teredo
        ([0x2001, 2, 0, 0, 0, 0, 0, 0], 48, Benchmarking),
        ([0x2001, 0x10, 0, 0, 0, 0, 0, 0], 28, Reserved), // ORCHID
        ([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, Reserved), // ORCHIDv2
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Documentation),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Documentation),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, UniqueLocal),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LinkLocal),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, Private), // deprecated site-local
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Multicast),
    ];
    if let Some((_, _, reason)) = RANGES
        .iter()
        .find(|(net, prefix, _)| in_v6(ip, *net, *prefix))
    {
        return Some((*reason, None));
    }
    // Only 2000::/3 is allocated as global unicast; everything else outside
    // the cases above is reserved.
    if !in_v6(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return Some((Reserved, None));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(s: &str) -> Option<BlockReason> {
        classify_ip(s.parse().expect("test address"))
    }

    #[test]
    fn ipv4_ranges() {
        use BlockReason::*;
        let cases = [
            ("127.0.0.1", Some(Loopback)),
            ("127.255.255.254", Some(Loopback)),
            ("10.0.0.5", Some(Private)),
            ("172.16.0.1", Some(Private)),
            ("172.31.255.255", Some(Private)),
            ("172.32.0.1", None),
            ("192.168.1.1", Some(Private)),
            ("169.254.1.1", Some(LinkLocal)),
            ("169.254.169.254", Some(Metadata)),
            ("169.254.170.2", Some(Metadata)),
            ("168.63.129.16", Some(Metadata)),
            ("100.100.100.200", Some(Metadata)),
            ("100.64.0.1", Some(CarrierGradeNat)),
            ("100.127.255.255", Some(CarrierGradeNat)),
            ("100.128.0.1", None),
            ("0.0.0.0", Some(Unspecified)),
            ("0.1.2.3", Some(Reserved)),
            ("224.0.0.1", Some(Multicast)),
            ("239.255.255.250", Some(Multicast)),
            ("255.255.255.255", Some(Broadcast)),
            ("240.0.0.1", Some(Reserved)),
            ("192.0.2.10", Some(Documentation)),
            ("198.51.100.7", Some(Documentation)),
            ("203.0.113.9", Some(Documentation)),
            ("198.18.0.1", Some(Benchmarking)),
            ("198.19.255.255", Some(Benchmarking)),
            ("192.0.0.8", Some(Reserved)),
            ("93.184.215.14", None),
            ("8.8.8.8", None),
            ("1.1.1.1", None),
        ];
        for (ip, want) in cases {
            assert_eq!(reason(ip), want, "{ip}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        use BlockReason::*;
        let cases = [
            ("::1", Some(Loopback)),
            ("::", Some(Unspecified)),
            ("fe80::1", Some(LinkLocal)),
            ("febf::1", Some(LinkLocal)),
            ("fc00::1", Some(UniqueLocal)),
            ("fd12:3456::1", Some(UniqueLocal)),
            ("fd00:ec2::254", Some(Metadata)),
            ("fec0::1", Some(Private)),
            ("ff02::1", Some(Multicast)),
            ("2001:db8::1", Some(Documentation)),
            ("3fff::1", Some(Documentation)),
            ("2001:2::1", Some(Benchmarking)),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", Some(EmbeddedIpv4)),
            ("100::1", Some(Reserved)),
            ("4000::1", Some(Reserved)),
            ("2606:4700:4700::1111", None),
            ("2a00:1450:4001:80b::200e", None),
        ];
        for (ip, want) in cases {
            assert_eq!(reason(ip), want, "{ip}");
        }
    }

    #[test]
    fn ipv6_wrapping_ipv4() {
        use BlockReason::*;
        let cases = [
            ("::ffff:127.0.0.1", Some(Loopback)),
            ("::ffff:7f00:1", Some(Loopback)),
            ("::ffff:10.1.2.3", Some(Private)),
            ("::ffff:169.254.169.254", Some(Metadata)),
            ("::ffff:8.8.8.8", Some(EmbeddedIpv4)),
            ("::127.0.0.1", Some(Loopback)),
            ("::8.8.8.8", Some(EmbeddedIpv4)),
            ("64:ff9b::127.0.0.1", Some(Loopback)),
            ("64:ff9b::10.0.0.1", Some(Private)),
            ("64:ff9b::8.8.8.8", None),
            ("64:ff9b:1::8.8.8.8", Some(Reserved)),
            ("2002:7f00:1::", Some(Loopback)),
            ("2002:a00:1::1", Some(Private)),
            ("2002:808:808::1", None),
        ];
        for (ip, want) in cases {
            assert_eq!(reason(ip), want, "{ip}");
        }
    }

    #[test]
    fn refusal_names_the_address_and_the_wrapped_one() {
        let err = check_ip("10.0.0.5".parse().expect("ip")).unwrap_err();
        assert_eq!(err.to_string(), "10.0.0.5 is a private address");
        let err = check_ip("::ffff:127.0.0.1".parse().expect("ip")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "::ffff:127.0.0.1 is a loopback address (127.0.0.1 inside)"
        );
        assert!(check_ip("8.8.8.8".parse().expect("ip")).is_ok());
    }

    #[test]
    fn local_names() {
        for name in [
            "localhost",
            "localhost.",
            "LOCALHOST",
            "api.localhost",
            "printer.local",
            "metadata.google.internal",
            "router.home.arpa",
            "intranet",
            "intranet.",
            "localhost.localdomain",
        ] {
            let err = check_name(name).unwrap_err();
            assert_eq!(err.reason, BlockReason::LocalName, "{name}");
        }
        for name in [
            "example.com",
            "notlocalhost.com",
            "local.news.example",
            "bbc.co.uk.",
        ] {
            assert!(check_name(name).is_ok(), "{name}");
        }
    }
}
