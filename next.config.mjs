/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Reader pages are prerendered route handlers; nothing needs Next's image optimiser.
  images: { unoptimized: true },
};

export default nextConfig;
